-- Who each stored file belongs to and who may see it. A buyer's reference
-- pictures and a draft's photos are private (served only through a short-lived
-- signed address) until the piece is published; a maker's files count towards
-- their storage quota. `stem` names the photo a file is one size of (the key up
-- to its width and extension), so a photo's sizes change visibility together.
-- Files stored before this were public and are left so.
ALTER TABLE media ADD COLUMN stem TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN maker_id BIGINT REFERENCES makers (id) ON DELETE SET NULL;
ALTER TABLE media ADD COLUMN private BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE media ADD COLUMN byte_size BIGINT NOT NULL DEFAULT 0 CHECK (byte_size >= 0);
UPDATE media SET byte_size = length(bytes);

CREATE INDEX media_by_maker ON media (maker_id, stem);
