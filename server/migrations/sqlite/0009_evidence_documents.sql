-- Documents backing a piece's claims (assay certificates, grading reports, sourcing
-- certificates, hallmark photos). The file lives in the object store under
-- `evidence/{sha256}`; a claim names its document by that digest.
CREATE TABLE evidence_documents (
    piece_id    INTEGER NOT NULL REFERENCES pieces (id) ON DELETE CASCADE,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    file_name   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png', 'webp')),
    byte_size   INTEGER NOT NULL CHECK (byte_size > 0),
    public      INTEGER NOT NULL CHECK (public IN (0, 1)),
    uploaded_at INTEGER NOT NULL,
    PRIMARY KEY (piece_id, sha256)
);
