-- firedrill reference app schema, version 1.
CREATE TABLE items (
    id         BIGSERIAL   PRIMARY KEY,
    version    BIGINT      NOT NULL,
    value      JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per job id: the dedup record that makes processing idempotent.
CREATE TABLE jobs (
    id           UUID        PRIMARY KEY,
    status       TEXT        NOT NULL,
    attempts     INTEGER     NOT NULL DEFAULT 0,
    payload      JSONB,
    result       JSONB,
    last_error   TEXT,
    processed_by TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    done_at      TIMESTAMPTZ
);
