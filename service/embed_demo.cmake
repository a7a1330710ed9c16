# Writes the demo campaign JSON into a C++ source file so the binary needs no file at run time.
file(READ "${INPUT}" JSON_TEXT)
file(WRITE "${OUTPUT}" "#include <string_view>\nnamespace lg::service {\nstd::string_view DemoCampaignJson() {\n  return R\"lgdemo(${JSON_TEXT})lgdemo\";\n}\n}  // namespace lg::service\n")
