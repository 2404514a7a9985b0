// libxml2 for Swift. Two traps on Debian (see ../shared/STYLE.md):
// libxml2 is built with ICU there, and its ICU headers clash with the ICU inside Foundation,
// so ICU support is switched off before the other headers are read; and xmlFree is a global
// function pointer, which Swift 6 rejects as shared mutable state, so it is wrapped here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

static inline void switchboard_xml_free(void *pointer) {
    xmlFree(pointer);
}
