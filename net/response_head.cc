#include "net/response_head.h"

#include <boost/beast/http/status.hpp>

namespace lg::net {

bool Bodiless(int status) { return status / 100 == 1 || status == 204 || status == 304; }

std::string ResponseHead(const HttpResponse& r, bool has_body, Framing framing) {
  std::string head;
  head.reserve(256);
  head.append("HTTP/1.1 ").append(std::to_string(r.status)).append(" ");
  head.append(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(r.status))).append("\r\n");
  if (has_body) head.append("Content-Type: ").append(r.content_type).append("\r\n");
  for (const auto& [name, value] : r.headers) head.append(name).append(": ").append(value).append("\r\n");
  if (!Bodiless(r.status))
    head.append("Content-Length: ").append(std::to_string(has_body ? r.body.size() : 0)).append("\r\n");
  if (!framing.keep_alive) {
    head.append("Connection: close\r\n");
  } else if (framing.http10) {
    head.append("Connection: keep-alive\r\n");
  }
  head.append("\r\n");
  return head;
}

}  // namespace lg::net
