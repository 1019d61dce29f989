#pragma once
// How addresses are stored in the key tables. IPv4 is an INTEGER, IPv6 a 16-byte BLOB:
// SQLite orders every integer before every blob, so one index serves both, and integer keys
// sort several times faster.

#include "model/ip_address.h"
#include "store/backends/sqlite/sqlite_db.h"

namespace belfry {

inline int64_t Ipv4Value(const IpAddress& a) {
  const auto& b = a.bytes();
  return (int64_t{b[12]} << 24) | (int64_t{b[13]} << 16) | (int64_t{b[14]} << 8) | int64_t{b[15]};
}

inline void BindIp(SqliteStmt& st, int index, const IpAddress& a) {
  if (a.is_v4())
    st.BindInt(index, Ipv4Value(a));
  else
    st.BindBlob(index, a.Key());
}

}  // namespace belfry
