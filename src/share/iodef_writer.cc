#include "share/iodef_writer.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"
#include "model/field_registry.h"

namespace belfry {

namespace {

// TLP -> IODEF restriction attributes (RFC 7970 section 3.3.1 has TLP 1.0's colours).
std::string Restriction(Tlp tlp) {
  switch (tlp) {
    case Tlp::kClear: return R"(restriction="white")";
    case Tlp::kGreen: return R"(restriction="green")";
    case Tlp::kAmber: return R"(restriction="amber")";
    case Tlp::kAmberStrict: return R"(restriction="ext-value" ext-restriction="amber+strict")";
    case Tlp::kRed: return R"(restriction="red")";
  }
  return R"(restriction="red")";
}

void Element(std::string_view name, std::string_view text, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "<{}>", name);
  AppendXmlText(text, out);
  fmt::format_to(std::back_inserter(*out), "</{}>", name);
}

// IANA protocol numbers of the transports IntelMQ names.
int IpProtocol(std::string_view transport) {
  if (transport == "tcp") return 6;
  if (transport == "udp") return 17;
  if (transport == "icmp") return 1;
  if (transport == "sctp") return 132;
  return 0;
}

}  // namespace

void AppendXmlText(std::string_view text, std::string* out) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      default:
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') out->append("\xEF\xBF\xBD");
        else out->push_back(c);
    }
  }
}

IodefWriter::IodefWriter(IodefHeader header, Sink sink)
    : h_(std::move(header)), sink_(std::move(sink)) {}

void IodefWriter::Begin() {
  generated_ = FormatIsoUtc(h_.now_seconds * 1000000);
  sink_("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<IODEF-Document xmlns=\"urn:ietf:params:xml:ns:iodef-2.0\" version=\"2.00\" "
        "xml:lang=\"en\">\n");
}

void IodefWriter::Add(const Event& e, int64_t id, Tlp tlp) {
  std::string& o = buf_;
  o.clear();
  const auto get = [&](FieldId f) { return e.Get(f).value_or(""); };
  o += fmt::format("<Incident purpose=\"reporting\" status=\"new\" {}>\n<IncidentID name=\"",
                   Restriction(tlp));
  AppendXmlText(h_.domain, &o);
  o += fmt::format("\">event-{}</IncidentID>\n", id);
  if (!h_.ticket_id.empty()) {
    o += "<RelatedActivity><IncidentID name=\"";
    AppendXmlText(h_.domain, &o);
    o += "\">";
    AppendXmlText(h_.ticket_id, &o);
    o += "</IncidentID></RelatedActivity>\n";
  }
  std::string when(get(fields::kTimeSource));
  if (when.empty()) when = get(fields::kTimeObservation);
  if (!when.empty()) Element("DetectTime", when, &o);
  Element("GenerationTime", generated_, &o);
  const std::string taxonomy(get(fields::kClassificationTaxonomy));
  const std::string type(get(fields::kClassificationType));
  std::string description = type.empty() ? "event" : type;
  if (auto ident = e.Get(fields::kClassificationIdentifier)) (description += " ") += *ident;
  if (auto feed = e.Get(fields::kFeedName)) (description += ", reported by ") += *feed;
  o += "\n";
  Element("Description", description, &o);
  o += "\n<Assessment occurrence=\"actual\">";
  if (!taxonomy.empty() && !type.empty()) Element("IncidentCategory", taxonomy + "/" + type, &o);
  o += "<SystemImpact type=\"unknown\"/></Assessment>\n"
       "<Contact role=\"creator\" type=\"organization\">";
  Element("ContactName", h_.team_name, &o);
  if (!h_.team_mail.empty()) {
    o += "<Email>";
    Element("EmailTo", h_.team_mail, &o);
    o += "</Email>";
  }
  o += "</Contact>\n<EventData>";
  if (!when.empty()) Element("DetectTime", when, &o);
  std::string node;
  if (auto ip = e.Get(fields::kSourceIp)) {
    node += ip->find(':') == std::string_view::npos ? "<Address category=\"ipv4-addr\">"
                                                    : "<Address category=\"ipv6-addr\">";
    AppendXmlText(*ip, &node);
    node += "</Address>";
  }
  if (auto fqdn = e.Get(fields::kSourceFqdn)) {
    node += "<DomainData>";
    Element("Name", *fqdn, &node);
    node += "</DomainData>";
  }
  if (auto url = e.Get(fields::kSourceUrl)) {
    node += "<Address category=\"site-uri\">";
    AppendXmlText(*url, &node);
    node += "</Address>";
  }
  if (auto asn = e.Get(fields::kSourceAsn)) {
    node += "<Address category=\"asn\">";
    AppendXmlText(*asn, &node);
    node += "</Address>";
  }
  std::string service;
  const int proto = IpProtocol(AsciiLowerCopy(get(fields::kProtocolTransport)));
  auto port = e.Get(fields::kSourcePort);
  auto app = e.Get(fields::kProtocolApplication);
  if (proto || port || app) {
    service = proto ? fmt::format("<Service ip-protocol=\"{}\">", proto) : "<Service>";
    if (app) {
      service += "<ServiceName>";
      Element("Description", *app, &service);
      service += "</ServiceName>";
    }
    if (port) Element("Port", *port, &service);
    service += "</Service>";
  }
  if (!node.empty()) {
    o += "<Flow><System category=\"source\"><Node>";
    o += node;
    o += "</Node>";
    o += service;
    o += "</System>";
    if (auto dst = e.Get(fields::kDestinationIp)) {
      o += "<System category=\"target\"><Node>";
      o += dst->find(':') == std::string_view::npos ? "<Address category=\"ipv4-addr\">"
                                                    : "<Address category=\"ipv6-addr\">";
      AppendXmlText(*dst, &o);
      o += "</Address></Node>";
      if (auto dport = e.Get(fields::kDestinationPort)) {
        o += "<Service>";
        Element("Port", *dport, &o);
        o += "</Service>";
      }
      o += "</System>";
    }
    o += "</Flow>";
  }
  struct Hash { FieldId f; const char* meaning; };
  for (const Hash& h : {Hash{fields::kMalwareHashMd5, "md5"}, Hash{fields::kMalwareHashSha1, "sha1"},
                        Hash{fields::kMalwareHashSha256, "sha256"}}) {
    if (auto v = e.Get(h.f)) {
      o += fmt::format("<AdditionalData dtype=\"string\" meaning=\"{}\">", h.meaning);
      AppendXmlText(*v, &o);
      o += "</AdditionalData>";
    }
  }
  o += "</EventData>\n</Incident>\n";
  ++incidents_;
  sink_(o);
}

void IodefWriter::Finish() { sink_("</IODEF-Document>\n"); }

}  // namespace belfry
