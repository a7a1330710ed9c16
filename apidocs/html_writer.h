#pragma once
// Writing the documentation page's HTML: text always escaped, code blocks, headings with ids,
// tables. Shared by apidocs/html_page.cc and the sections it delegates (apidocs/webhook_html.cc,
// apidocs/account_html.cc).

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "apidocs/api_call.h"

namespace lg::apidocs {

// `text` with & < > " ' escaped, for element content and attribute values.
std::string HtmlEscape(std::string_view text);
// A shell-quoted body for curl's -d (single quotes, with embedded ones closed and reopened).
std::string ShellQuote(std::string_view text);

class HtmlWriter {
 public:
  void Raw(std::string_view html) { out_ += html; }
  void Text(std::string_view text) { out_ += HtmlEscape(text); }
  void Code(std::string_view text) { out_ += "<code>" + HtmlEscape(text) + "</code>"; }
  void Block(std::string_view code) { out_ += "<pre><code>" + HtmlEscape(code) + "</code></pre>\n"; }
  void Heading(int level, std::string_view id, std::string_view text) {
    std::string h = "h" + std::to_string(level);
    out_ += "<" + h + " id=\"" + std::string(id) + "\">" + HtmlEscape(text) + "</" + h + ">\n";
  }
  void BeginTable(std::string_view id, std::initializer_list<std::string_view> headers) {
    out_ += R"(<div class="table-wrap"><table id=")" + std::string(id) + R"("><thead><tr>)";
    for (auto h : headers) out_ += "<th>" + HtmlEscape(h) + "</th>";
    out_ += "</tr></thead><tbody>\n";
  }
  // A row whose first cell is an identifier (shown as code) and the others plain text.
  void Row(std::string_view code, std::initializer_list<std::string_view> texts) {
    out_ += "<tr><td>";
    Code(code);
    for (auto text : texts) out_ += "</td><td>" + HtmlEscape(text);
    out_ += "</td></tr>\n";
  }
  void EndTable() { out_ += "</tbody></table></div>\n"; }
  // A table of `calls` (method, path, what each does), with the id `id`.
  void CallTable(std::string_view id, const std::vector<ApiCall>& calls) {
    BeginTable(id, {"method", "path", "what"});
    for (const ApiCall& call : calls) {
      out_ += "<tr><td>";
      Code(call.method);
      out_ += "</td><td>";
      Code(call.path);
      out_ += "</td><td>" + HtmlEscape(call.summary) + "</td></tr>\n";
    }
    EndTable();
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace lg::apidocs
