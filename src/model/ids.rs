//! Stable element ids. An id is chosen once (by the user or the editor) and never changes, so
//! finding ids (`rule@element`) and the user's triage survive edits and saves.
//!
//! Ids are cheap to clone (`Arc<str>`) because the analysis and the editor hand them around a lot.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Arc<str>);

        impl $name {
            pub fn new(id: impl AsRef<str>) -> Self {
                Self(Arc::from(id.as_ref()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{:?}", &*self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self::new(id)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A zone's id, e.g. `Z-DMZ`.
    ZoneId
);
id_type!(
    /// An asset's id, e.g. `A-PLC-01`.
    AssetId
);
id_type!(
    /// A conduit's id, e.g. `C-01`.
    ConduitId
);
id_type!(
    /// A countermeasure's id, e.g. `CM-01`.
    CountermeasureId
);

/// Any element of the model, for selections, finding elements and error messages.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum ElementId {
    Zone(ZoneId),
    Asset(AssetId),
    Conduit(ConduitId),
    Countermeasure(CountermeasureId),
}

impl ElementId {
    pub fn as_str(&self) -> &str {
        match self {
            Self::Zone(id) => id.as_str(),
            Self::Asset(id) => id.as_str(),
            Self::Conduit(id) => id.as_str(),
            Self::Countermeasure(id) => id.as_str(),
        }
    }
}

impl fmt::Display for ElementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<ZoneId> for ElementId {
    fn from(id: ZoneId) -> Self {
        Self::Zone(id)
    }
}
impl From<AssetId> for ElementId {
    fn from(id: AssetId) -> Self {
        Self::Asset(id)
    }
}
impl From<ConduitId> for ElementId {
    fn from(id: ConduitId) -> Self {
        Self::Conduit(id)
    }
}
impl From<CountermeasureId> for ElementId {
    fn from(id: CountermeasureId) -> Self {
        Self::Countermeasure(id)
    }
}
