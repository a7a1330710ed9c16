#include "service/bulk_result.h"

#include "core/json_writer.h"
#include "core/problem.h"

namespace lg::service {

std::string EncodeBulkResult(const BulkCreated& result) {
  core::JsonWriter out;
  out.BeginObject().Key("results").BeginArray();
  for (const auto& outcome : result.outcomes) {
    out.BeginObject().Key("index").Uint(outcome.index);
    if (outcome.error.ok()) {
      out.Key("status").Int(201).Key("id").Uint(outcome.lead_id);
      if (outcome.doublet_of) out.Key("doublet_of").Uint(*outcome.doublet_of);
    } else {
      const core::Status& error = outcome.error;
      out.Key("status").Int(core::HttpStatusOf(error.kind())).Key("code").String(error.code());
      // What failed inside stays in the log (the batch's failure was logged when it happened).
      if (error.kind() == core::ErrorKind::kInternal) {
        out.Key("detail").String("An internal error occurred; this lead was not stored.");
      } else {
        out.Key("detail").String(error.detail());
        core::WriteProblemDetails(out, error);
      }
    }
    out.EndObject();
  }
  out.EndArray().Key("created").Uint(result.created).Key("failed").Uint(result.failed).EndObject();
  return out.Take();
}

}  // namespace lg::service
