import JSONText
public import SwitchboardCore

/// A batch with the store's own forms of its larger records made already: each organization's,
/// location's, service's and service-at-location's fingerprint and stored JSON text.
///
/// The store makes these itself when it is handed a plain `DirectoryBatch`. A first import reads
/// ahead of the store's writes on another thread and hands these to ``FeedSink``'s `add`: made
/// there, they take a sixth of the work off the thread that writes, the one the import waits for
/// (docs/benchmarks.md, "Session 11"). A re-import does not prepare: most of its records turn out
/// unchanged, and their text is never needed.
///
/// The forms travel with the batch they were made from, so they cannot be paired with another.
/// A record whose text could not be made has none here; the store then makes it itself and
/// reports the failure as it would for any batch.
public struct PreparedBatch: Sendable {
    public let batch: DirectoryBatch
    let forms: Forms

    /// One record's form, in the order of the batch's records of its kind.
    struct Form: Sendable {
        var fingerprint: Fingerprint
        var body: String?
        /// A service's eligibility column.
        var eligibility: String?
    }

    struct Forms: Sendable {
        var organizations: [Form]
        var locations: [Form]
        var services: [Form]
        var servicesAtLocations: [Form]
    }

    /// Makes the forms: as costly as the store's own making of them, on whichever thread calls this.
    public init(_ batch: DirectoryBatch) {
        let encoder = JSONTextEncoder()
        let scratch = FingerprintScratch()
        func made<R: StoredRecord & Encodable>(_ records: [R], eligibility: ((R) -> String?)? = nil) -> [Form] {
            records.map { record in
                Form(
                    fingerprint: BatchApplier.fingerprint(record, nil, scratch: scratch),
                    body: try? encoder.text(of: record), eligibility: eligibility?(record)
                )
            }
        }
        self.batch = batch
        forms = Forms(
            organizations: made(batch.organizations),
            locations: made(batch.locations),
            services: made(batch.services) { try? StoredForm.eligibilityJSON($0.eligibility, encoder) },
            servicesAtLocations: made(batch.servicesAtLocations)
        )
    }
}
