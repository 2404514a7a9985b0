/// PostgreSQL's schema: the same migrations, under the same names, as SQLite's
/// (`SQLiteDirectoryStore.migrator`), so the shared SQL of `DirectorySQL` runs on both.
///
/// Types map one for one: SQLite's REAL is `double precision` (times stay seconds since 1970),
/// INTEGER `bigint`, BLOB `bytea`; every text column compares bytewise (`COLLATE "C"`), as
/// SQLite's do, so paging `ORDER BY id` gives the same order on both. The append-only rule on
/// `referral_event` is a trigger function. Applied migrations are listed in `schema_migrations`;
/// a migration is never edited once released, only followed by a new one.
enum PostgresMigrations {
    static let all: [(name: String, sql: String)] = [
        ("v1-directory", v1Directory),
        ("v2-refresh", v2Refresh),
        ("v3-feed-validators", v3FeedValidators),
        ("v4-referrals", v4Referrals),
        ("v5-feed-units", v5FeedUnits),
        ("v6-accounts", v6Accounts),
        ("v7-directory-revision", v7DirectoryRevision),
    ]

    static let v7DirectoryRevision = """
        CREATE TABLE directory_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL);
        INSERT INTO directory_revision (id, revision) VALUES (1, 0)
        """

    static let v1Directory = """
        CREATE TABLE taxonomy (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL,
            body TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL
        );

        CREATE TABLE taxonomy_term (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            code TEXT COLLATE "C",
            name TEXT COLLATE "C" NOT NULL,
            parent_id TEXT COLLATE "C" REFERENCES taxonomy_term(id) DEFERRABLE INITIALLY DEFERRED,
            taxonomy_id TEXT COLLATE "C" REFERENCES taxonomy(id),
            body TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX taxonomy_term_code ON taxonomy_term(code);
        CREATE INDEX taxonomy_term_parent ON taxonomy_term(parent_id);
        CREATE INDEX taxonomy_term_taxonomy ON taxonomy_term(taxonomy_id);

        CREATE TABLE organization (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL,
            parent_organization_id TEXT COLLATE "C" REFERENCES organization(id) DEFERRABLE INITIALLY DEFERRED,
            feed TEXT COLLATE "C",
            source_key TEXT COLLATE "C",
            first_seen DOUBLE PRECISION NOT NULL,
            last_changed DOUBLE PRECISION NOT NULL,
            last_verified DOUBLE PRECISION,
            body TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL,
            retired_at DOUBLE PRECISION
        );
        CREATE UNIQUE INDEX organization_source ON organization(feed, source_key);
        CREATE INDEX organization_parent ON organization(parent_organization_id);

        CREATE TABLE program (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES organization(id),
            name TEXT COLLATE "C" NOT NULL,
            body TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX program_organization ON program(organization_id);

        CREATE TABLE location (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            organization_id TEXT COLLATE "C" REFERENCES organization(id),
            location_type TEXT COLLATE "C" NOT NULL CHECK (location_type IN ('physical', 'postal', 'virtual')),
            name TEXT COLLATE "C",
            latitude DOUBLE PRECISION,
            longitude DOUBLE PRECISION,
            feed TEXT COLLATE "C",
            source_key TEXT COLLATE "C",
            first_seen DOUBLE PRECISION NOT NULL,
            last_changed DOUBLE PRECISION NOT NULL,
            last_verified DOUBLE PRECISION,
            body TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL,
            retired_at DOUBLE PRECISION
        );
        CREATE UNIQUE INDEX location_source ON location(feed, source_key);
        CREATE INDEX location_organization ON location(organization_id);

        CREATE TABLE service (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES organization(id),
            program_id TEXT COLLATE "C" REFERENCES program(id),
            name TEXT COLLATE "C" NOT NULL,
            status TEXT COLLATE "C" NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
            eligibility TEXT COLLATE "C" NOT NULL,
            feed TEXT COLLATE "C",
            source_key TEXT COLLATE "C",
            first_seen DOUBLE PRECISION NOT NULL,
            last_changed DOUBLE PRECISION NOT NULL,
            last_verified DOUBLE PRECISION,
            body TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL,
            retired_at DOUBLE PRECISION
        );
        CREATE UNIQUE INDEX service_source ON service(feed, source_key);
        CREATE INDEX service_organization ON service(organization_id);
        CREATE INDEX service_program ON service(program_id);
        CREATE INDEX service_status ON service(status);

        CREATE TABLE service_at_location (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            service_id TEXT COLLATE "C" NOT NULL REFERENCES service(id) ON DELETE CASCADE,
            location_id TEXT COLLATE "C" NOT NULL REFERENCES location(id),
            body TEXT COLLATE "C" NOT NULL,
            content_hash TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX service_at_location_service ON service_at_location(service_id, location_id);
        CREATE INDEX service_at_location_location ON service_at_location(location_id);

        CREATE TABLE service_taxonomy_term (
            service_id TEXT COLLATE "C" NOT NULL REFERENCES service(id) ON DELETE CASCADE,
            term_id TEXT COLLATE "C" NOT NULL REFERENCES taxonomy_term(id),
            position BIGINT NOT NULL,
            PRIMARY KEY (service_id, term_id)
        );
        CREATE INDEX service_taxonomy_term_term ON service_taxonomy_term(term_id);

        CREATE TABLE service_domain (
            service_id TEXT COLLATE "C" NOT NULL REFERENCES service(id) ON DELETE CASCADE,
            domain TEXT COLLATE "C" NOT NULL CHECK (domain IN ('health', 'housing', 'legal', 'finance', 'employment', 'other')),
            PRIMARY KEY (service_id, domain)
        );
        CREATE INDEX service_domain_domain ON service_domain(domain);
        """

    static let v2Refresh = """
        ALTER TABLE service_at_location ADD COLUMN retired_at DOUBLE PRECISION;

        CREATE INDEX service_feed_retired ON service(feed, retired_at);
        CREATE INDEX organization_feed_retired ON organization(feed, retired_at);
        CREATE INDEX location_feed_retired ON location(feed, retired_at);

        CREATE TABLE feed_run (
            id BIGSERIAL PRIMARY KEY,
            feed TEXT COLLATE "C" NOT NULL,
            file_hash TEXT COLLATE "C" NOT NULL,
            started_at DOUBLE PRECISION NOT NULL,
            finished_at DOUBLE PRECISION NOT NULL,
            outcome TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('committed', 'refused', 'failed')),
            added BIGINT NOT NULL CHECK (added >= 0),
            updated BIGINT NOT NULL CHECK (updated >= 0),
            unchanged BIGINT NOT NULL CHECK (unchanged >= 0),
            retired BIGINT NOT NULL CHECK (retired >= 0),
            revived BIGINT NOT NULL CHECK (revived >= 0),
            rejected BIGINT NOT NULL CHECK (rejected >= 0),
            warnings BIGINT NOT NULL CHECK (warnings >= 0),
            message TEXT COLLATE "C"
        );
        CREATE INDEX feed_run_feed ON feed_run(feed, id);
        """

    static let v3FeedValidators = """
        CREATE TABLE feed_validators (
            feed TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            etag TEXT COLLATE "C",
            last_modified TEXT COLLATE "C"
        );
"""

    static let v4Referrals = """
        CREATE TABLE client (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            organization_id TEXT COLLATE "C" NOT NULL,
            body TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX client_organization ON client(organization_id);

        CREATE TABLE consent (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            client_id TEXT COLLATE "C" NOT NULL REFERENCES client(id),
            recipient_organization_id TEXT COLLATE "C" NOT NULL,
            given_at DOUBLE PRECISION NOT NULL,
            revoked_at DOUBLE PRECISION,
            body TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX consent_client ON consent(client_id, recipient_organization_id);

        CREATE TABLE referral (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            version BIGINT NOT NULL CHECK (version >= 1),
            status TEXT COLLATE "C" NOT NULL CHECK (status IN ('draft', 'requested', 'accepted', 'rejected', 'cancelled',
                'in-progress', 'on-hold', 'completed', 'failed', 'entered-in-error')),
            service_id TEXT COLLATE "C" NOT NULL REFERENCES service(id),
            provider_organization_id TEXT COLLATE "C" NOT NULL,
            referrer_organization_id TEXT COLLATE "C" NOT NULL,
            case_manager TEXT COLLATE "C" NOT NULL,
            client_id TEXT COLLATE "C" NOT NULL REFERENCES client(id),
            created_at DOUBLE PRECISION NOT NULL,
            last_activity_at DOUBLE PRECISION NOT NULL,
            body TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX referral_status ON referral(status, last_activity_at);
        CREATE INDEX referral_provider ON referral(provider_organization_id, status);
        CREATE INDEX referral_referrer ON referral(referrer_organization_id, case_manager, status);
        CREATE INDEX referral_service ON referral(service_id);
        CREATE INDEX referral_client ON referral(client_id);

        CREATE TABLE referral_event (
            referral_id TEXT COLLATE "C" NOT NULL REFERENCES referral(id) DEFERRABLE INITIALLY DEFERRED,
            sequence BIGINT NOT NULL CHECK (sequence >= 1),
            at DOUBLE PRECISION NOT NULL,
            actor_user TEXT COLLATE "C" NOT NULL,
            actor_role TEXT COLLATE "C" NOT NULL CHECK (actor_role IN ('referrer', 'provider', 'system')),
            actor_organization TEXT COLLATE "C" NOT NULL,
            kind TEXT COLLATE "C" NOT NULL,
            body TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (referral_id, sequence)
        );
        CREATE FUNCTION referral_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'referral events are append-only'; END $$;
        CREATE TRIGGER referral_event_no_update BEFORE UPDATE OR DELETE ON referral_event
            FOR EACH ROW EXECUTE FUNCTION referral_event_append_only();

        CREATE TABLE referral_idempotency (
            key TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            referral_id TEXT COLLATE "C" NOT NULL REFERENCES referral(id) DEFERRABLE INITIALLY DEFERRED,
            sequence BIGINT NOT NULL,
            request TEXT COLLATE "C" NOT NULL
        );
        """

    static let v5FeedUnits = """
        CREATE TABLE feed_unit (
            feed TEXT COLLATE "C" NOT NULL,
            digest BYTEA NOT NULL,
            records BYTEA NOT NULL,
            reader_state BYTEA NOT NULL,
            PRIMARY KEY (feed, digest)
        );
"""

    static let v6Accounts = """
        CREATE TABLE account_organization (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL,
            kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('referrer', 'provider', 'both'))
        );
        CREATE TABLE account (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            username TEXT COLLATE "C" NOT NULL,
            display_name TEXT COLLATE "C" NOT NULL,
            role TEXT COLLATE "C" NOT NULL CHECK (role IN ('coordinator', 'case-manager', 'provider-staff', 'administrator')),
            organization_id TEXT COLLATE "C" NOT NULL REFERENCES account_organization(id),
            password_hash TEXT COLLATE "C" NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            disabled_at DOUBLE PRECISION
        );
        CREATE UNIQUE INDEX account_username ON account (lower(username));
        CREATE TABLE session (
            token_hash TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            user_id TEXT COLLATE "C" NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            csrf_token TEXT COLLATE "C" NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE api_token (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            user_id TEXT COLLATE "C" NOT NULL REFERENCES account(id) ON DELETE CASCADE,
            name TEXT COLLATE "C" NOT NULL,
            token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
            created_at DOUBLE PRECISION NOT NULL,
            last_used_at DOUBLE PRECISION,
            revoked_at DOUBLE PRECISION
        );
        CREATE TABLE audit_event (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            at DOUBLE PRECISION NOT NULL,
            user_id TEXT COLLATE "C",
            action TEXT COLLATE "C" NOT NULL,
            target TEXT COLLATE "C",
            detail TEXT COLLATE "C"
        );
        CREATE INDEX audit_event_at ON audit_event (at);
        CREATE INDEX audit_event_user ON audit_event (user_id, at);
        CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
        CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
            FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
        """
}
