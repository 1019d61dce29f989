#include "web/router.h"

namespace belfry {

std::vector<std::string> PathSegments(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

void Router::Add(const std::string& method, const std::string& path, WebHandler handler) {
  if (path.find('{') == std::string::npos) {
    exact_[path][method] = std::move(handler);
    return;
  }
  for (auto& p : patterns_) {
    if (p.text == path) {
      p.methods[method] = std::move(handler);
      return;
    }
  }
  Pattern p;
  p.text = path;
  p.segments = PathSegments(path);
  p.methods[method] = std::move(handler);
  patterns_.push_back(std::move(p));
}

bool Router::Match(const Pattern& p, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params) {
  for (size_t i = 0; i < p.segments.size(); ++i) {
    const std::string& want = p.segments[i];
    if (want.size() > 3 && want.compare(0, 2, "{*") == 0) {
      std::string rest;
      for (size_t k = i; k < segments.size(); ++k) {
        if (segments[k] == ".." || segments[k] == ".") return false;
        rest += (rest.empty() ? "" : "/") + segments[k];
      }
      if (rest.empty()) return false;
      (*params)[want.substr(2, want.size() - 3)] = rest;
      return true;
    }
    if (i >= segments.size()) return false;
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      (*params)[want.substr(1, want.size() - 2)] = segments[i];
    } else if (want != segments[i]) {
      return false;
    }
  }
  return segments.size() == p.segments.size();
}

WebResponse Router::Call(const Methods& methods, const WebRequest& request) const {
  auto method = methods.find(request.method);
  if (method == methods.end() && request.method == "HEAD") method = methods.find("GET");
  if (method == methods.end()) {
    WebResponse r = JsonError(405, "method_not_allowed", "method not allowed here");
    std::string allow;
    for (const auto& [m, h] : methods) allow += (allow.empty() ? "" : ", ") + m;
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  return method->second(request);
}

WebResponse Router::Dispatch(const WebRequest& request) const {
  if (auto path = exact_.find(request.path); path != exact_.end())
    return Call(path->second, request);
  if (!patterns_.empty()) {
    const auto segments = PathSegments(request.path);
    for (const auto& p : patterns_) {
      std::map<std::string, std::string> params;
      if (!Match(p, segments, &params)) continue;
      WebRequest with = request;
      with.params = std::move(params);
      return Call(p.methods, with);
    }
  }
  return JsonError(404, "not_found", "no such resource");
}

std::vector<std::string> Router::Routes() const {
  std::vector<std::string> out;
  for (const auto& [path, methods] : exact_)
    for (const auto& [m, h] : methods) out.push_back(m + " " + path);
  for (const auto& p : patterns_)
    for (const auto& [m, h] : p.methods) out.push_back(m + " " + p.text);
  return out;
}

}  // namespace belfry
