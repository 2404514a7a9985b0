import Foundation
import Testing
import SwitchboardCore

@Suite struct DomainMappingTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let mapping = try! JSONDecoder().decode(DomainMapping.self, from: Data(contentsOf: repository.appendingPathComponent("Directory/domains.json")))

    @Test(arguments: [
        ("BH-1800.8500", Domain.housing), ("BV-8900", .housing), ("FT-3200", .legal), ("FL-8000", .other),
        ("ND-6500", .employment), ("NL-3000", .finance), ("LN-1500", .health), ("RX-8450", .health),
        ("RP-1400", .health), ("BD-1800.2000", .other), ("DT-8750", .finance), ("HH-4500.1800", .employment),
    ])
    func shippedMappingPutsCodesInTheirDomain(code: String, domain: Domain) throws {
        #expect(Self.mapping.domain(ofAIRS: try #require(AIRSCode(code))) == domain)
    }

    @Test func targetPopulationCodesAddNoDomain() throws {
        #expect(Self.mapping.domain(ofAIRS: try #require(AIRSCode("YP-8000"))) == nil)
        let terms = [TaxonomyTerm(id: "a", code: "ND-2000", name: "Employment Preparation"), TaxonomyTerm(id: "b", code: "YP-8000", name: "Ex-Offenders")]
        #expect(Self.mapping.domains(of: terms) == [.employment])
    }

    @Test func theLongestPrefixWins() {
        let mapping = DomainMapping(airs: [.init(prefix: "N", domain: .finance), .init(prefix: "ND", domain: .employment)])
        #expect(mapping.domain(ofAIRS: AIRSCode("ND-1000")!) == .employment)
        #expect(mapping.domain(ofAIRS: AIRSCode("NL-1000")!) == .finance)
        #expect(mapping.domain(ofAIRS: AIRSCode("BH")!) == nil)
    }

    @Test func openEligibilityTermsTakeTheirAncestorsDomain() {
        // 1103 Housing is mapped; its children inherit through the shipped parent table.
        let child = Self.mapping.openEligibilityParents.first { $0.value == "1103" }
        let term = TaxonomyTerm(id: "oe", code: child?.key, name: "x", taxonomy: "Open Eligibility")
        #expect(child != nil)
        #expect(Self.mapping.domain(of: term) == .housing)
        #expect(Self.mapping.domain(ofOpenEligibility: "1111") == .legal)
    }

    @Test func aServiceWithoutMappedTermsIsOther() {
        #expect(Self.mapping.domains(of: []) == [.other])
        let terms = [TaxonomyTerm(id: "a", code: "BH-1800", name: "Shelter"), TaxonomyTerm(id: "b", code: "FT-3200", name: "Legal aid"), TaxonomyTerm(id: "c", code: "BH-1800.8500", name: "Shelter")]
        #expect(Self.mapping.domains(of: terms) == [.housing, .legal])
    }
}
