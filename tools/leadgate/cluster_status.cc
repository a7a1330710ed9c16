#include "tools/leadgate/cluster_status.h"

#include <simdjson.h>

#include <chrono>
#include <iostream>

#include "tools/common/http_client.h"

namespace lg::tools {

int PrintClusterStatus(const std::string& url_text, const std::string& token) {
  std::string error;
  std::optional<Url> url = ParseUrl(url_text, error);
  if (!url) {
    std::cerr << "--url: " << error << "\n";
    return 1;
  }
  SyncClient client(*url, std::chrono::seconds(10), "leadgate-cli");
  HttpResult res = client.Send("GET", "/v2/admin/cluster", token);
  if (res.status != 200) {
    std::cerr << "GET " << url_text
              << "/v2/admin/cluster: " << (res.status == 0 ? res.error : std::to_string(res.status) + " " + res.body)
              << "\n";
    return 1;
  }
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(res.body).get(doc)) {
    std::cerr << "the node answered something else than JSON: " << res.body << "\n";
    return 1;
  }
  bool enabled = false;
  if (doc["enabled"].get(enabled) || !enabled) {
    std::cout << "cluster mode is off on this node (cluster.enabled = false)\n";
    return 0;
  }
  auto text = [](simdjson::dom::element e) {
    std::string_view sv;
    if (!e.get(sv)) return std::string(sv);
    return simdjson::to_string(e);
  };
  simdjson::dom::element stream = doc["stream"];
  std::cout << "stream " << text(stream["name"]) << "\n"
            << "  leader:    "
            << (text(stream["leader"]).empty() ? "(none: election under way)" : text(stream["leader"]))
            << "\n  replicas: ";
  simdjson::dom::array replicas;
  if (!stream["replicas"].get(replicas)) {
    for (auto replica : replicas) std::cout << " " << text(replica) << ";";
  }
  std::cout << "\n  positions: " << text(stream["first_position"]) << " .. " << text(stream["last_position"]) << "\n"
            << "this node (node_id " << text(doc["node_id"]) << ")\n"
            << "  applied:   " << text(doc["applied_position"]) << "\n"
            << "  lag:       " << text(doc["lag"]) << " entries\n";
  bool applying = false;
  if (!doc["applying"].get(applying) && !applying) {
    std::cout << "  STOPPED:   " << text(doc["stopped_because"]) << "\n";
    return 1;
  }
  return 0;
}

}  // namespace lg::tools
