-- Documents backing a piece's claims (assay certificates, grading reports, sourcing
-- certificates, hallmark photos). The file lives in the object store under
-- `evidence/{sha256}`; a claim names its document by that digest.
CREATE TABLE evidence_documents (
    piece_id    BIGINT NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    file_name   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png', 'webp')),
    byte_size   BIGINT NOT NULL CHECK (byte_size > 0),
    public      BOOLEAN NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (piece_id, sha256)
);
