//! Where photo files live: an object store. A directory on this machine by
//! default; an S3-compatible bucket by configuration, so that several app servers
//! share one set of files. The database keeps what is known about each file.

use object_store::{ObjectStore, PutPayload, path::Path as ObjectPath};
use std::path::Path;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct MediaFiles(Arc<dyn ObjectStore>);

#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("media storage is misconfigured: {0}")]
    Config(String),
    #[error("media storage failed: {0}")]
    Backend(String),
}

impl MediaFiles {
    /// `media_url` empty: `data_dir/media`. `file:///srv/media`: that directory.
    /// `s3://bucket/prefix`: a bucket, with credentials, region and endpoint from the
    /// standard `AWS_*` variables (`AWS_ENDPOINT` and `AWS_ALLOW_HTTP` for MinIO and
    /// other S3-compatible stores).
    pub fn open(media_url: &str, data_dir: &Path) -> Result<Self, FilesError> {
        let url = media_url.trim();
        if url.is_empty() {
            return Self::local(&data_dir.join("media"));
        }
        if let Some(dir) = url.strip_prefix("file://") {
            return Self::local(Path::new(dir));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let bucket_store = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .build()
                .map_err(|e| FilesError::Config(e.to_string()))?;
            let prefix = prefix.trim_matches('/');
            return Ok(MediaFiles(if prefix.is_empty() {
                Arc::new(bucket_store)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(bucket_store, prefix))
            }));
        }
        Err(FilesError::Config(
            "media_url must be empty, file:///a/directory or s3://bucket/prefix".into(),
        ))
    }

    /// Files in a directory of this machine, created if needed.
    pub fn local(dir: &Path) -> Result<Self, FilesError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| FilesError::Config(format!("cannot create {}: {e}", dir.display())))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| FilesError::Config(e.to_string()))?;
        Ok(MediaFiles(Arc::new(store)))
    }

    fn path(key: &str) -> Result<ObjectPath, FilesError> {
        ObjectPath::parse(key).map_err(|e| FilesError::Backend(format!("bad key {key:?}: {e}")))
    }

    /// Stores the file; a key names its content, so storing it again changes nothing.
    pub async fn put(&self, key: &str, bytes: &[u8]) -> Result<(), FilesError> {
        self.0
            .put(&Self::path(key)?, PutPayload::from(bytes.to_vec()))
            .await
            .map(|_| ())
            .map_err(|e| FilesError::Backend(e.to_string()))
    }

    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FilesError> {
        metrics::counter!("touchstone_media_reads_total").increment(1);
        match self.0.get(&Self::path(key)?).await {
            Ok(found) => found
                .bytes()
                .await
                .map(|bytes| Some(bytes.to_vec()))
                .map_err(|e| FilesError::Backend(e.to_string())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(FilesError::Backend(e.to_string())),
        }
    }

    /// Whether the store answers: asking for a file that need not exist, where
    /// "not found" is an answer too.
    pub async fn reachable(&self) -> Result<(), FilesError> {
        match self.0.head(&ObjectPath::from("readyz-probe")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(FilesError::Backend(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_are_stored_under_their_key_in_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let files = MediaFiles::open("", dir.path()).unwrap();
        files.put("00ff-640.webp", b"bytes").await.unwrap();
        assert_eq!(files.get("00ff-640.webp").await.unwrap().unwrap(), b"bytes");
        assert!(dir.path().join("media/00ff-640.webp").exists());
        assert_eq!(files.get("missing.jpg").await.unwrap(), None);
        assert!(MediaFiles::open("ftp://nowhere", dir.path()).is_err());
    }
}
