import GRDB

extension SQLiteDirectoryStore {
    /// The schema, one named migration per released change; a migration is never edited once released.
    ///
    /// ## Layout
    /// Records that others point at (organizations, programs, locations, services, the links
    /// between services and locations, taxonomies and their terms) are tables with real
    /// columns, so SQLite itself enforces what must hold: `NOT NULL`, foreign keys, unique keys.
    /// Every column that a query filters, joins or groups on is a column, with an index.
    ///
    /// The small records that belong to exactly one owner (phones, schedules, addresses,
    /// languages, contacts, cost options, service areas, capacities, attributes, metadata...)
    /// are never queried on their own, so they are not tables: the owner's `body` column holds
    /// the JSON encoding of the whole Core value (HSDS snake_case keys, sorted so the text is
    /// deterministic and its hash means something). Reading a record is decoding its body.
    ///
    /// What the Core types leave out of their Codable keys lives in columns of its own:
    /// `service.eligibility` (JSON) and the provenance of organizations, locations and services
    /// (`feed`, `source_key`, `first_seen`, `last_changed`, `last_verified`, dates as seconds
    /// since 1970). `feed` + `source_key` is unique, so a refresh finds a record by the feed's
    /// own key whatever id we gave it.
    ///
    /// `content_hash` is a fingerprint of what a feed said about a record (body, eligibility,
    /// provenance other than our own stamps): equal hashes mean the record is unchanged and is
    /// not written. `retired_at` is set by the refresh when a feed stops listing a record;
    /// retired records stay, because referrals may point at them.
    ///
    /// Derived tables: `service_taxonomy_term` (a service's terms, in the order of its
    /// attributes) and `service_domain` (the domains its terms map to). Both are rewritten with
    /// their service.
    ///
    /// `feed_run` (from "v2-refresh") is the history of feed refreshes: one row per run,
    /// committed, refused or failed, with its counts. A committed run's row is written in the
    /// run's own transaction, so the history never claims a change the directory does not hold.
    ///
    /// "v4-referrals" adds referrals: `referral_event` is the record (append-only: triggers
    /// refuse UPDATE and DELETE; the primary key (referral, sequence) makes two events with the
    /// same sequence impossible), `referral` the cached fold of each referral's events, written
    /// in the same transaction, with the columns lists filter on. `referral_idempotency` remembers
    /// each request key and what it did; `client` and `consent` hold the pseudonymous clients and
    /// their consents.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-directory") { db in
            try db.execute(sql: v1Directory)
        }
        migrator.registerMigration("v2-refresh") { db in
            try db.execute(sql: v2Refresh)
        }
        // What a feed's server said last time (ETag, Last-Modified), for conditional GETs.
        migrator.registerMigration("v3-feed-validators") { db in
            try db.execute(sql: """
                CREATE TABLE feed_validators (
                    feed TEXT NOT NULL PRIMARY KEY,
                    etag TEXT,
                    last_modified TEXT
                );
                """)
        }
        // Referrals, their clients and consents (SQLiteDirectoryStore+Referrals.swift).
        migrator.registerMigration("v4-referrals") { db in
            try db.execute(sql: v4Referrals)
        }
        // Feed units read clean (an AIRS top-level agency), by content digest: the records each
        // made with their fingerprints, so an identical unit can be taken as read (see FeedUnit).
        migrator.registerMigration("v5-feed-units") { db in
            try db.execute(sql: """
                CREATE TABLE feed_unit (
                    feed TEXT NOT NULL,
                    digest BLOB NOT NULL,
                    records BLOB NOT NULL,
                    reader_state BLOB NOT NULL,
                    PRIMARY KEY (feed, digest)
                ) WITHOUT ROWID;
                """)
        }
        // Accounts: organizations people sign in for, users, sessions, API tokens, the audit log
        // (SQLiteDirectoryStore+Accounts.swift).
        migrator.registerMigration("v6-accounts") { db in
            try db.execute(sql: v6Accounts)
        }
        // One counter of committed directory changes, so a server notices a `switchboard import`
        // made by another process (a refresh's history row alone does not cover `apply`).
        migrator.registerMigration("v7-directory-revision") { db in
            try db.execute(sql: v7DirectoryRevision)
        }
        // What a refresh reads of every record of its feed at the start (its ledger: id, content
        // hash, retired), as indexes that hold all of it: the refresh reads them instead of the
        // tables, whose rows carry each record's JSON (a tenth of the pages).
        migrator.registerMigration("v8-ledger-indexes") { db in
            for statement in createLedgerIndexes { try db.execute(sql: statement) }
        }
        return migrator
    }

    // Self references (a term's parent, an organization's parent) are deferred to the commit, so
    // a batch may list a child before its parent.
    package static let v7DirectoryRevision = """
        CREATE TABLE directory_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
        INSERT INTO directory_revision (id, revision) VALUES (1, 0);
        """

    /// The ledger indexes: what a refresh reads of each record of its feed, and nothing more.
    package static let ledgerIndexes: [(name: String, on: String)] = [
        ("organization_ledger", "organization(feed, id, content_hash, retired_at)"),
        ("location_ledger", "location(feed, id, content_hash, retired_at)"),
        ("service_ledger", "service(feed, id, content_hash, retired_at)"),
        ("service_at_location_ledger", "service_at_location(service_id, id, content_hash, retired_at)"),
    ]

    package static var createLedgerIndexes: [String] { ledgerIndexes.map { "CREATE INDEX IF NOT EXISTS \($0.name) ON \($0.on)" } }

    /// The tables a refresh writes records into.
    package static let recordTables = [
        "organization", "program", "location", "service", "service_at_location", "service_taxonomy_term", "service_domain",
    ]

    /// The indexes of the record tables that a refresh does not look records up by (not their
    /// keys, not the unique feed keys), with the SQL that made them: a first import into an empty
    /// directory drops them and builds them again, once, at its end.
    package static func readOnlyIndexes(_ db: any SQLSession) throws -> [(name: String, sql: String)] {
        try db.fetchAll(sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'
                AND tbl_name IN (\(recordTables.map { "'\($0)'" }.joined(separator: ", ")))
            ORDER BY name
            """, arguments: []).map { (name: $0["name"], sql: $0["sql"]) }
    }

    private static let v1Directory = """
        CREATE TABLE taxonomy (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL
        );

        CREATE TABLE taxonomy_term (
            id TEXT NOT NULL PRIMARY KEY,
            code TEXT,
            name TEXT NOT NULL,
            parent_id TEXT REFERENCES taxonomy_term(id) DEFERRABLE INITIALLY DEFERRED,
            taxonomy_id TEXT REFERENCES taxonomy(id),
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL
        );
        CREATE INDEX taxonomy_term_code ON taxonomy_term(code);
        CREATE INDEX taxonomy_term_parent ON taxonomy_term(parent_id);
        CREATE INDEX taxonomy_term_taxonomy ON taxonomy_term(taxonomy_id);

        CREATE TABLE organization (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            parent_organization_id TEXT REFERENCES organization(id) DEFERRABLE INITIALLY DEFERRED,
            feed TEXT,
            source_key TEXT,
            first_seen REAL NOT NULL,
            last_changed REAL NOT NULL,
            last_verified REAL,
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            retired_at REAL
        );
        CREATE UNIQUE INDEX organization_source ON organization(feed, source_key);
        CREATE INDEX organization_parent ON organization(parent_organization_id);

        CREATE TABLE program (
            id TEXT NOT NULL PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organization(id),
            name TEXT NOT NULL,
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL
        );
        CREATE INDEX program_organization ON program(organization_id);

        CREATE TABLE location (
            id TEXT NOT NULL PRIMARY KEY,
            organization_id TEXT REFERENCES organization(id),
            location_type TEXT NOT NULL CHECK (location_type IN ('physical', 'postal', 'virtual')),
            name TEXT,
            latitude REAL,
            longitude REAL,
            feed TEXT,
            source_key TEXT,
            first_seen REAL NOT NULL,
            last_changed REAL NOT NULL,
            last_verified REAL,
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            retired_at REAL
        );
        CREATE UNIQUE INDEX location_source ON location(feed, source_key);
        CREATE INDEX location_organization ON location(organization_id);

        CREATE TABLE service (
            id TEXT NOT NULL PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organization(id),
            program_id TEXT REFERENCES program(id),
            name TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
            eligibility TEXT NOT NULL,
            feed TEXT,
            source_key TEXT,
            first_seen REAL NOT NULL,
            last_changed REAL NOT NULL,
            last_verified REAL,
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            retired_at REAL
        );
        CREATE UNIQUE INDEX service_source ON service(feed, source_key);
        CREATE INDEX service_organization ON service(organization_id);
        CREATE INDEX service_program ON service(program_id);
        CREATE INDEX service_status ON service(status);

        CREATE TABLE service_at_location (
            id TEXT NOT NULL PRIMARY KEY,
            service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
            location_id TEXT NOT NULL REFERENCES location(id),
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL
        );
        CREATE INDEX service_at_location_service ON service_at_location(service_id, location_id);
        CREATE INDEX service_at_location_location ON service_at_location(location_id);

        CREATE TABLE service_taxonomy_term (
            service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
            term_id TEXT NOT NULL REFERENCES taxonomy_term(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (service_id, term_id)
        ) WITHOUT ROWID;
        CREATE INDEX service_taxonomy_term_term ON service_taxonomy_term(term_id);

        CREATE TABLE service_domain (
            service_id TEXT NOT NULL REFERENCES service(id) ON DELETE CASCADE,
            domain TEXT NOT NULL CHECK (domain IN ('health', 'housing', 'legal', 'finance', 'employment', 'other')),
            PRIMARY KEY (service_id, domain)
        ) WITHOUT ROWID;
        CREATE INDEX service_domain_domain ON service_domain(domain);
        """

    // A site of a service can be dropped by a feed while the service stays: it is retired like
    // the others, since a referral may name the service at that location. The (feed, retired_at)
    // indexes serve the refresh's two questions: this feed's records, and which of them are live.
    private static let v2Refresh = """
        ALTER TABLE service_at_location ADD COLUMN retired_at REAL;

        CREATE INDEX service_feed_retired ON service(feed, retired_at);
        CREATE INDEX organization_feed_retired ON organization(feed, retired_at);
        CREATE INDEX location_feed_retired ON location(feed, retired_at);

        CREATE TABLE feed_run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            feed TEXT NOT NULL,
            file_hash TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('committed', 'refused', 'failed')),
            added INTEGER NOT NULL CHECK (added >= 0),
            updated INTEGER NOT NULL CHECK (updated >= 0),
            unchanged INTEGER NOT NULL CHECK (unchanged >= 0),
            retired INTEGER NOT NULL CHECK (retired >= 0),
            revived INTEGER NOT NULL CHECK (revived >= 0),
            rejected INTEGER NOT NULL CHECK (rejected >= 0),
            warnings INTEGER NOT NULL CHECK (warnings >= 0),
            message TEXT
        );
        CREATE INDEX feed_run_feed ON feed_run(feed, id);
        """
}

extension SQLiteDirectoryStore {
    // Referrals point at services with a foreign key: services are retired, never deleted, so
    // a referral's history outlives its service. Times are seconds since 1970, like the directory's.
    static let v4Referrals = """
        CREATE TABLE client (
            id TEXT NOT NULL PRIMARY KEY,
            organization_id TEXT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX client_organization ON client(organization_id);

        CREATE TABLE consent (
            id TEXT NOT NULL PRIMARY KEY,
            client_id TEXT NOT NULL REFERENCES client(id),
            recipient_organization_id TEXT NOT NULL,
            given_at REAL NOT NULL,
            revoked_at REAL,
            body TEXT NOT NULL
        );
        CREATE INDEX consent_client ON consent(client_id, recipient_organization_id);

        CREATE TABLE referral (
            id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL CHECK (version >= 1),
            status TEXT NOT NULL CHECK (status IN ('draft', 'requested', 'accepted', 'rejected', 'cancelled',
                'in-progress', 'on-hold', 'completed', 'failed', 'entered-in-error')),
            service_id TEXT NOT NULL REFERENCES service(id),
            provider_organization_id TEXT NOT NULL,
            referrer_organization_id TEXT NOT NULL,
            case_manager TEXT NOT NULL,
            client_id TEXT NOT NULL REFERENCES client(id),
            created_at REAL NOT NULL,
            last_activity_at REAL NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX referral_status ON referral(status, last_activity_at);
        CREATE INDEX referral_provider ON referral(provider_organization_id, status);
        CREATE INDEX referral_referrer ON referral(referrer_organization_id, case_manager, status);
        CREATE INDEX referral_service ON referral(service_id);
        CREATE INDEX referral_client ON referral(client_id);

        CREATE TABLE referral_event (
            referral_id TEXT NOT NULL REFERENCES referral(id) DEFERRABLE INITIALLY DEFERRED,
            sequence INTEGER NOT NULL CHECK (sequence >= 1),
            at REAL NOT NULL,
            actor_user TEXT NOT NULL,
            actor_role TEXT NOT NULL CHECK (actor_role IN ('referrer', 'provider', 'system')),
            actor_organization TEXT NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (referral_id, sequence)
        ) WITHOUT ROWID;
        CREATE TRIGGER referral_event_no_update BEFORE UPDATE ON referral_event
            BEGIN SELECT RAISE(ABORT, 'referral events are append-only'); END;
        CREATE TRIGGER referral_event_no_delete BEFORE DELETE ON referral_event
            BEGIN SELECT RAISE(ABORT, 'referral events are append-only'); END;

        CREATE TABLE referral_idempotency (
            key TEXT NOT NULL PRIMARY KEY,
            referral_id TEXT NOT NULL REFERENCES referral(id) DEFERRABLE INITIALLY DEFERRED,
            sequence INTEGER NOT NULL,
            request TEXT NOT NULL
        ) WITHOUT ROWID;
        """
}

extension SQLiteDirectoryStore {
    static let v6Accounts = """
        CREATE TABLE account_organization (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('referrer', 'provider', 'both'))
        );
        CREATE TABLE account (
            id TEXT NOT NULL PRIMARY KEY,
            username TEXT NOT NULL,
            display_name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('coordinator', 'case-manager', 'provider-staff', 'administrator')),
            organization_id TEXT NOT NULL REFERENCES account_organization(id),
            password_hash TEXT NOT NULL,
            created_at REAL NOT NULL,
            disabled_at REAL
        );
        CREATE UNIQUE INDEX account_username ON account (lower(username));
        CREATE TABLE session (
            token_hash TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL
        );
        CREATE TABLE api_token (
            id TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            last_used_at REAL,
            revoked_at REAL
        );
        CREATE TABLE audit_event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            user_id TEXT,
            action TEXT NOT NULL,
            target TEXT,
            detail TEXT
        );
        CREATE INDEX audit_event_at ON audit_event (at);
        CREATE INDEX audit_event_user ON audit_event (user_id, at);
        CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """
}
