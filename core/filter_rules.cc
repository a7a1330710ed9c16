#include "core/filter_rules.h"

#include <algorithm>
#include <charconv>

#include "core/field_formats.h"
#include "core/json_reader.h"
#include "core/json_writer.h"
#include "core/lead_rules.h"
#include "core/time_util.h"
#include "core/utf8.h"

namespace lg::core {
namespace {

using Target = CompiledCondition::Target;

bool OpAllowed(Target target, FieldType type, FilterOp op) {
  auto any_of = [op](std::initializer_list<FilterOp> ops) {
    return std::find(ops.begin(), ops.end(), op) != ops.end();
  };
  using O = FilterOp;
  switch (target) {
    case Target::kSelect:
      return any_of({O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kEmpty, O::kNotEmpty});
    case Target::kStatus:
      return any_of({O::kEq, O::kNeq, O::kIn, O::kNotIn});
    case Target::kCreatedAt:
    case Target::kUpdatedAt:
      return any_of({O::kGt, O::kGte, O::kLt, O::kLte});
    case Target::kField:
      break;
  }
  switch (type) {
    case FieldType::kText:
    case FieldType::kEmail:
    case FieldType::kPhone:
      return any_of({O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kContains, O::kStartsWith, O::kEmpty, O::kNotEmpty});
    case FieldType::kNumber:
    case FieldType::kDate:
    case FieldType::kDatetime:
      return any_of({O::kEq, O::kNeq, O::kIn, O::kNotIn, O::kGt, O::kGte, O::kLt, O::kLte, O::kEmpty, O::kNotEmpty});
    case FieldType::kCheckbox:
      return any_of({O::kEq, O::kNeq, O::kEmpty, O::kNotEmpty});
    case FieldType::kJson:
      return any_of({O::kEmpty, O::kNotEmpty});
  }
  return false;
}

std::optional<std::string> JsonString(std::string_view json_text) {
  thread_local simdjson::dom::parser parser;
  std::string_view sv;
  if (parser.parse(json_text.data(), json_text.size()).get_string().get(sv) != simdjson::SUCCESS) return std::nullopt;
  return std::string(sv);
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<double> JsonNumber(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// A condition compares: an e-mail value is taken as a lookup takes it (core/field_formats.h), so a
// filter saved under an earlier version's rule still compiles and finds the leads it found.
std::variant<std::string, FieldError> NormalizeLookupEmail(const Field& field, simdjson::dom::element value) {
  std::string_view sv;
  if (value.get_string().get(sv) != simdjson::SUCCESS || !IsEmailLookupValue(sv)) {
    return FieldError{field.slug, "invalid_email", "must be an e-mail address"};
  }
  return JsonWriter::Quoted(sv);
}

// Compiles the value(s) of one condition; adds errors under `path`.
void CompileValues(const Campaign& campaign, const FilterCondition& in, const std::string& path, FieldErrors& errors,
                   CompiledCondition& out) {
  std::string vpath = path + ".value";
  for (const auto& text : in.values) {
    switch (out.target) {
      case Target::kSelect:
      case Target::kStatus: {
        auto slug = JsonString(text);
        if (!slug) {
          errors.Add(vpath, "invalid_type", "must be a slug (string)");
          return;
        }
        if (out.target == Target::kSelect) {
          const SelectOption* option = campaign.FindSelect(out.slug)->FindOption(*slug);
          if (!option) {
            errors.Add(vpath, "unknown_option", "'" + *slug + "' is not an option of '" + out.slug + "'");
            return;
          }
          out.value_ids.push_back(option->id);
        } else {
          const LeadStatus* status = campaign.FindStatus(*slug);
          if (!status) {
            errors.Add(vpath, "unknown_status", "'" + *slug + "' is not a status of this campaign");
            return;
          }
          out.value_ids.push_back(status->id);
        }
        out.texts.push_back(*slug);
        break;
      }
      case Target::kCreatedAt:
      case Target::kUpdatedAt: {
        auto s = JsonString(text);
        auto t = s ? ParseTimestamp(*s) : std::nullopt;
        if (!t) {
          errors.Add(vpath, "invalid_datetime", "must be RFC 3339 or YYYY-MM-DD HH:MM:SS");
          return;
        }
        out.times.push_back(*t);
        break;
      }
      case Target::kField: {
        const Field& field = *campaign.FindField(out.slug);
        if (out.op == FilterOp::kContains || out.op == FilterOp::kStartsWith) {
          auto s = JsonString(text);
          if (!s) {
            errors.Add(vpath, "invalid_type", "must be a string");
            return;
          }
          out.needle = Lower(*s);
          break;
        }
        thread_local simdjson::dom::parser parser;
        simdjson::dom::element element;
        if (parser.parse(text.data(), text.size()).get(element) != simdjson::SUCCESS) {
          errors.Add(vpath, "invalid_type", "is not a JSON value");
          return;
        }
        auto normalized = field.type == FieldType::kEmail ? NormalizeLookupEmail(field, element)
                                                          : NormalizeFieldValue(field, element);
        if (auto* err = std::get_if<FieldError>(&normalized)) {
          errors.Add(vpath, err->code, err->message);
          return;
        }
        std::string norm = std::get<std::string>(normalized);
        if (field.type == FieldType::kNumber) out.numbers.push_back(*JsonNumber(norm));
        if (field.type == FieldType::kDatetime) out.times.push_back(*ParseTimestamp(*JsonString(norm)));
        out.texts.push_back(std::move(norm));
        break;
      }
    }
  }
}

// Orders a lead's value against the condition's i-th value: <0, 0, >0; nullopt if incomparable.
std::optional<int> Compare(const CompiledCondition& c, std::string_view value_text, int64_t lead_time, size_t i) {
  auto sign = [](auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); };
  switch (c.target) {
    case Target::kCreatedAt:
    case Target::kUpdatedAt:
      return sign(lead_time, c.times[i]);
    case Target::kSelect:
    case Target::kStatus:
      return value_text == c.texts[i] ? 0 : 1;
    case Target::kField:
      break;
  }
  switch (c.type) {
    case FieldType::kNumber: {
      auto v = JsonNumber(value_text);
      if (!v) return std::nullopt;
      return sign(*v, c.numbers[i]);
    }
    case FieldType::kDatetime: {
      auto s = JsonString(value_text);
      auto t = s ? ParseTimestamp(*s) : std::nullopt;
      if (!t) return std::nullopt;
      return sign(*t, c.times[i]);
    }
    default:
      return sign(value_text, std::string_view(c.texts[i]));  // dates compare as YYYY-MM-DD text
  }
}

// `saved`: a saved filter's own rules too (a name, at least one condition).
Result<CompiledFilter> Compile(const Campaign& campaign, const Filter& filter, bool saved) {
  FieldErrors errors;
  CompiledFilter out;
  out.match = filter.match;
  if (saved && (filter.name.empty() || CodePointCount(filter.name) > 200))
    errors.Add("name", "invalid_length", "must be 1 to 200 characters");
  if (saved && filter.conditions.empty()) errors.Add("conditions", "required", "must have at least one condition");
  for (size_t i = 0; i < filter.conditions.size(); ++i) {
    const FilterCondition& in = filter.conditions[i];
    std::string path = IndexPath("conditions", i);
    CompiledCondition c;
    c.slug = in.field;
    c.op = in.op;
    if (in.field == "status") {
      c.target = Target::kStatus;
    } else if (in.field == "created_at") {
      c.target = Target::kCreatedAt;
    } else if (in.field == "updated_at") {
      c.target = Target::kUpdatedAt;
    } else if (const Select* select = campaign.FindSelect(in.field)) {
      c.target = Target::kSelect;
      c.select_id = select->id;
    } else if (const Field* field = campaign.FindField(in.field)) {
      c.target = Target::kField;
      c.type = field->type;
    } else {
      errors.Add(path + ".field", "unknown_field", "'" + in.field + "' is not a field or select of this campaign");
      continue;
    }
    if (!OpAllowed(c.target, c.type, c.op)) {
      errors.Add(path + ".op", "operator_not_allowed",
                 "'" + std::string(ToString(c.op)) + "' cannot be used on '" + in.field + "'");
      continue;
    }
    CompileValues(campaign, in, path, errors, c);
    out.conditions.push_back(std::move(c));
  }
  if (!errors.empty()) return errors.ToStatus();
  return out;
}

}  // namespace

Result<CompiledFilter> CompileFilter(const Campaign& campaign, const Filter& filter) {
  return Compile(campaign, filter, /*saved=*/true);
}

Result<CompiledFilter> CompileConditions(const Campaign& campaign, const Filter& filter) {
  return Compile(campaign, filter, /*saved=*/false);
}

bool Matches(const CompiledCondition& c, const Lead& lead) {
  std::string_view value;  // the lead's value as JSON text (fields) or slug (select, status)
  bool present = false;
  int64_t time = 0;
  switch (c.target) {
    case Target::kStatus:
      value = lead.status;
      present = true;
      break;
    case Target::kCreatedAt:
    case Target::kUpdatedAt:
      time = c.target == Target::kCreatedAt ? lead.created_at : lead.updated_at;
      present = true;
      break;
    case Target::kSelect: {
      auto it = lead.select_values.find(c.slug);
      present = it != lead.select_values.end();
      if (present) value = it->second;
      break;
    }
    case Target::kField: {
      auto it = lead.field_values.find(c.slug);
      present = it != lead.field_values.end() && it->second != "\"\"" && it->second != "null";
      if (present) value = it->second;
      break;
    }
  }
  auto equals_any = [&] {
    for (size_t i = 0; i < std::max(c.texts.size(), c.times.size()); ++i) {
      auto cmp = Compare(c, value, time, i);
      if (cmp && *cmp == 0) return true;
    }
    return false;
  };
  switch (c.op) {
    case FilterOp::kEmpty:
      return !present;
    case FilterOp::kNotEmpty:
      return present;
    case FilterOp::kEq:
    case FilterOp::kIn:
      return present && equals_any();
    case FilterOp::kNeq:
    case FilterOp::kNotIn:
      return !present || !equals_any();
    case FilterOp::kContains:
    case FilterOp::kStartsWith: {
      if (!present) return false;
      auto s = JsonString(value);
      if (!s) return false;
      std::string hay = Lower(std::move(*s));
      return c.op == FilterOp::kContains ? hay.find(c.needle) != std::string::npos : hay.starts_with(c.needle);
    }
    case FilterOp::kGt:
    case FilterOp::kGte:
    case FilterOp::kLt:
    case FilterOp::kLte: {
      if (!present) return false;
      auto cmp = Compare(c, value, time, 0);
      if (!cmp) return false;
      if (c.op == FilterOp::kGt) return *cmp > 0;
      if (c.op == FilterOp::kGte) return *cmp >= 0;
      if (c.op == FilterOp::kLt) return *cmp < 0;
      return *cmp <= 0;
    }
  }
  return false;
}

bool Matches(const CompiledFilter& filter, const Lead& lead) {
  // `all` of no conditions holds for every lead; `any` of none (a token whose filter is gone)
  // for none.
  if (filter.match == FilterMatch::kAll) {
    return std::all_of(filter.conditions.begin(), filter.conditions.end(),
                       [&](const CompiledCondition& c) { return Matches(c, lead); });
  }
  return std::any_of(filter.conditions.begin(), filter.conditions.end(),
                     [&](const CompiledCondition& c) { return Matches(c, lead); });
}

std::optional<std::string> FirstMismatch(const CompiledFilter& filter, const Lead& lead) {
  if (Matches(filter, lead)) return std::nullopt;
  if (filter.match == FilterMatch::kAny && filter.conditions.size() > 1) return "filter";
  for (const auto& c : filter.conditions) {
    if (!Matches(c, lead)) return c.slug;
  }
  return "filter";
}

LeadPresets PinnedBy(const CompiledFilter& filter) {
  LeadPresets pins;
  if (filter.match != FilterMatch::kAll && filter.conditions.size() != 1) return pins;
  for (const auto& c : filter.conditions) {
    if (!IsSingleValue(c)) continue;
    if (c.target == Target::kSelect) pins.selects.emplace(c.slug, c.texts.front());
    if (c.target == Target::kStatus) pins.status = c.texts.front();
  }
  return pins;
}

bool IsSingleValue(const CompiledCondition& condition) {
  return (condition.op == FilterOp::kEq || condition.op == FilterOp::kIn) && condition.texts.size() == 1;
}

}  // namespace lg::core
