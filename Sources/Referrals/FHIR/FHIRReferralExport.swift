public import Foundation
public import SwitchboardCore

/// A referral as FHIR R4 resources following the Gravity SDOH Clinical Care profiles: a
/// Bundle (collection) of the Patient, the ServiceRequest (SDOHCC-ServiceRequest), the Task
/// that tracks its fulfilment (SDOHCC-TaskForReferralManagement) and the client's consents
/// for the provider (SDOHCC-Consent).
///
/// Mapping (docs/referrals.md has the table): Task.status is the referral's status code as it
/// is; statusReason.text carries the reason; a completed Task has an output of type
/// resulting-activity with the outcome. The Patient is pseudonymous (name masked with a
/// data-absent-reason) unless the referral shares the client's details under active consent.
public struct FHIRReferralExport: Sendable {
    /// Where the resources live, for the bundle's full URLs.
    public var baseURL: String

    public init(baseURL: String = "urn:switchboard:fhir") { self.baseURL = baseURL }

    /// What the export needs besides the referral.
    public struct Input: Sendable {
        public var referral: Referral
        public var events: [ReferralEvent]
        public var client: Client?
        /// The client's consents for the referral's provider.
        public var consents: [Consent]
        /// Whether the provider may see the client's details now (shares them, with active consent).
        public var sharesDetails: Bool
        public var serviceName: String?
        public var providerName: String?
        public var referrerName: String?

        public init(
            referral: Referral, events: [ReferralEvent], client: Client?, consents: [Consent], sharesDetails: Bool,
            serviceName: String? = nil, providerName: String? = nil, referrerName: String? = nil
        ) {
            self.referral = referral; self.events = events; self.client = client; self.consents = consents
            self.sharesDetails = sharesDetails; self.serviceName = serviceName; self.providerName = providerName
            self.referrerName = referrerName
        }
    }

    public func bundle(_ input: Input, now: Date) -> JSONValue {
        let resources = [patient(input)] + [serviceRequest(input), task(input)] + input.consents.map { consent($0, now: now) }
        return [
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": .string(Self.instant(now)),
            "entry": .array(resources.map { resource in
                ["fullUrl": .string("\(baseURL)/\(resource["resourceType"]?.string ?? "")/\(resource["id"]?.string ?? "")"), "resource": resource]
            }),
        ]
    }

    func patient(_ input: Input) -> JSONValue {
        let id = input.referral.clientID.rawValue
        var patient: [String: JSONValue] = [
            "resourceType": "Patient", "id": .string(id),
            "meta": ["profile": [.string(FHIRCodes.usCorePatientProfile)]],
            "identifier": [["system": .string("\(FHIRCodes.clientIdentifier):\(input.referral.referrer.organizationID)"), "value": .string(id)]],
            "gender": "unknown",
        ]
        if input.sharesDetails, let details = input.client?.details {
            patient["name"] = [["text": .string(details.name ?? "")]]
            var telecom: [JSONValue] = []
            if let phone = details.phone { telecom.append(["system": "phone", "value": .string(phone)]) }
            if let email = details.email { telecom.append(["system": "email", "value": .string(email)]) }
            if !telecom.isEmpty { patient["telecom"] = .array(telecom) }
            if let language = details.preferredLanguage {
                patient["communication"] = [["language": ["text": .string(language)], "preferred": true]]
            }
        } else {
            // US Core requires a name; a pseudonymous client's is withheld on purpose.
            patient["name"] = [["extension": [["url": .string(FHIRCodes.dataAbsentReason), "valueCode": "masked"]]]]
        }
        return .object(patient)
    }

    func serviceRequest(_ input: Input) -> JSONValue {
        let r = input.referral
        var codings: [JSONValue] = [FHIRCodes.socialServiceProcedure]
        if let code = r.need.taxonomyCode { codings.append(["system": .string(FHIRCodes.airs), "code": .string(code)]) }
        var request: [String: JSONValue] = [
            "resourceType": "ServiceRequest", "id": .string(r.id.rawValue),
            "meta": ["profile": [.string(FHIRCodes.serviceRequestProfile)]],
            "identifier": [["system": .string(FHIRCodes.referralIdentifier), "value": .string(r.id.rawValue)]],
            "status": .string(FHIRCodes.serviceRequestStatus(r.status)),
            "intent": "order",
            "category": [
                ["coding": [["system": .string(FHIRCodes.sdohcc), "code": .string(FHIRCodes.sdohCategory(domain: r.need.domain, taxonomyCode: r.need.taxonomyCode))]]],
                ["coding": [["system": .string(FHIRCodes.usCoreCategory), "code": "sdoh"]]],
            ],
            "priority": .string(r.priority.rawValue),
            "code": ["coding": .array(codings), "text": .string(input.serviceName ?? r.serviceID.rawValue)],
            "subject": ["reference": .string("Patient/\(r.clientID)")],
            "authoredOn": .string(Self.instant(r.createdAt)),
            "requester": Self.organization(r.referrer.organizationID, input.referrerName),
            "performer": [Self.organization(r.providerOrganizationID, input.providerName)],
        ]
        if let domain = r.need.domain { request["reasonCode"] = [["text": .string("Need: \(domain.rawValue)")]] }
        if let note = r.need.note { request["note"] = [["text": .string(note)]] }
        if r.doNotContactClient {
            request["orderDetail"] = [["coding": [["system": .string(FHIRCodes.sdohcc), "code": "contacting-subject-prohibited"]]]]
        }
        if let replaced = r.replaces { request["replaces"] = [["reference": .string("ServiceRequest/\(replaced)")]] }
        // The consents that allow (or allowed) the details to travel; the bundle carries them all.
        if r.sharesClientDetails, !input.consents.isEmpty {
            request["supportingInfo"] = .array(input.consents.map { ["reference": .string("Consent/\($0.id)")] })
        }
        return .object(request)
    }

    func task(_ input: Input) -> JSONValue {
        let r = input.referral
        var task: [String: JSONValue] = [
            "resourceType": "Task", "id": .string("\(r.id)-task"),
            "meta": ["profile": [.string(FHIRCodes.taskProfile)]],
            "identifier": [["system": .string(FHIRCodes.referralIdentifier), "value": .string(r.id.rawValue)]],
            "status": .string(r.status.rawValue),
            "intent": "order",
            "priority": .string(r.priority.rawValue),
            "code": ["coding": [["system": .string(FHIRCodes.taskCode), "code": "fulfill", "display": "Fulfill the focal request"]]],
            "focus": ["reference": .string("ServiceRequest/\(r.id)")],
            "for": ["reference": .string("Patient/\(r.clientID)")],
            "authoredOn": .string(Self.instant(r.createdAt)),
            "lastModified": .string(Self.instant(input.events.last?.at ?? r.createdAt)),
            "requester": Self.organization(r.referrer.organizationID, input.referrerName),
            "owner": Self.organization(r.providerOrganizationID, input.providerName),
        ]
        if let reason = r.statusReason {
            task["statusReason"] = [
                "coding": [["system": .string(FHIRCodes.reasonSystem), "code": .string(reason.code.rawValue), "display": .string(reason.code.label)]],
                "text": .string(reason.summary),
            ]
        }
        if let respondBy = r.respondBy, r.status == .requested {
            task["restriction"] = ["period": ["end": .string(Self.instant(respondBy))]]
        }
        if let accepted = r.acceptedAt {
            var period: [String: JSONValue] = ["start": .string(Self.instant(accepted))]
            if let closed = r.closedAt { period["end"] = .string(Self.instant(closed)) }
            task["executionPeriod"] = .object(period)
        }
        if r.status == .completed, let outcome = r.outcome {
            task["output"] = [[
                "type": ["coding": [["system": .string(FHIRCodes.sdohcc), "code": "resulting-activity"]]],
                "valueCodeableConcept": [
                    "coding": [FHIRCodes.socialServiceProcedure, ["system": .string(FHIRCodes.outcomeSystem), "code": .string(outcome.code.rawValue)]],
                    "text": .string(outcome.summary),
                ],
            ]]
        }
        return .object(task)
    }

    func consent(_ consent: Consent, now: Date) -> JSONValue {
        var period: [String: JSONValue] = ["start": .string(Self.instant(consent.givenAt))]
        if let end = [consent.revokedAt, consent.expiresAt].compactMap({ $0 }).min() { period["end"] = .string(Self.instant(end)) }
        return [
            "resourceType": "Consent", "id": .string(consent.id.rawValue),
            "meta": ["profile": [.string(FHIRCodes.consentProfile)]],
            // Revoked or expired: no longer in force.
            "status": consent.isActive(at: now) ? "active" : "inactive",
            "scope": ["coding": [["system": .string(FHIRCodes.consentScope), "code": "patient-privacy", "display": "Privacy Consent"]]],
            "category": [["coding": [["system": .string(FHIRCodes.actCode), "code": "IDSCL", "display": "information disclosure"]]]],
            "patient": ["reference": .string("Patient/\(consent.clientID)")],
            "dateTime": .string(Self.instant(consent.givenAt)),
            "organization": [["reference": .string("Organization/\(consent.holderOrganizationID)")]],
            "sourceAttachment": ["title": "Consent recorded in Switchboard", "creation": .string(Self.instant(consent.givenAt))],
            "policyRule": ["coding": [["system": .string(FHIRCodes.actCode), "code": "OPTIN"]]],
            "provision": [
                "type": "permit",
                "period": .object(period),
                "actor": [[
                    "role": ["coding": [["system": .string(FHIRCodes.participationType), "code": "IRCP", "display": "information recipient"]]],
                    "reference": ["reference": .string("Organization/\(consent.recipientOrganizationID)")],
                ]],
            ],
        ]
    }

    static func organization(_ id: OrganizationID, _ name: String?) -> JSONValue {
        var reference: [String: JSONValue] = ["reference": .string("Organization/\(id)")]
        if let name { reference["display"] = .string(name) }
        return .object(reference)
    }

    /// FHIR instants: ISO 8601 in UTC, to the second.
    static func instant(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

extension ReferralCoordinator {
    /// Gathers what the FHIR export needs for one referral and builds the bundle.
    public func exportFHIR(_ id: ReferralID, export: FHIRReferralExport = FHIRReferralExport()) async throws -> JSONValue {
        let (referral, events) = try await history(of: id)
        let now = clock.now()
        let consents = try await store.consents(for: referral.clientID).filter { $0.recipientOrganizationID == referral.providerOrganizationID }
        let record = try await directory.service(referral.serviceID)
        let referrer = try await directory.organization(referral.referrer.organizationID)
        let input = FHIRReferralExport.Input(
            referral: referral, events: events, client: try await store.client(referral.clientID), consents: consents,
            sharesDetails: try await sharesDetails(referral, at: now), serviceName: record?.service.name,
            providerName: record?.organization.name, referrerName: referrer?.name
        )
        return export.bundle(input, now: now)
    }
}
