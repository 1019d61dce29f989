// Boost.JSON compiled into this module once (header-only mode: Debian's libboost1.81-dev
// ships no separately built libboost_json).
#include <boost/json/src.hpp>
