// Debian's libxml2 is built with ICU, so <libxml/encoding.h> would pull the system's <unicode/*.h> into
// this module, and Swift then refuses to import it next to Foundation ("'UErrorCode' has different
// definitions in different modules", against Foundation's own _FoundationICU). Nothing here uses ICU:
// hiding it only drops two pointer fields from the tail of xmlCharEncodingHandler, which Swift never
// allocates or reads. xmlversion.h has an include guard, so the #undef sticks.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
