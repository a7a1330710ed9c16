// leadgate: the server binary (the command line is in tools/leadgate/cli.h).

#include "tools/common/guarded_main.h"
#include "tools/leadgate/cli.h"

static int Main(int argc, char** argv) { return lg::tools::LeadgateMain(argc, argv, /*store_env=*/nullptr); }

int main(int argc, char** argv) { return lg::tools::Guarded("leadgate", Main, argc, argv); }
