import CLibXML2

/// The libxml2 the AIRS reader runs on, for `--version` and bug reports.
public enum LibXML2 {
    public static var version: String { LIBXML_DOTTED_VERSION }
}
