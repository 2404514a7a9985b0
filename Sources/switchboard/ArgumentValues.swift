// The model's enums as command-line values (`--domain housing`, `--gender female`). The
// conformance is public because the types are; the executable is the only module that sees it.
public import ArgumentParser
public import Matching
public import SwitchboardCore

extension Domain: ExpressibleByArgument {}
extension Gender: ExpressibleByArgument {}
extension Population: ExpressibleByArgument {}
extension SearchQuery.Sort: ExpressibleByArgument {}
extension SearchQuery.CapacityFilter: ExpressibleByArgument {}
