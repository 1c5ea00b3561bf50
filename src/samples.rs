//! The sample plants shipped inside the binary, for the editor's start page, the README, the
//! tests and the benchmarks. The files live in `sample-models/` in the canonical form that
//! [`crate::persistence::to_string`] writes, so loading and saving one gives the same bytes.

use crate::model::Model;
use crate::persistence::{self, LoadError};

/// One embedded sample model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    /// The file name in `sample-models/`, e.g. `water-treatment.ron`.
    pub file_name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The RON text of the model.
    pub source: &'static str,
}

/// Every sample, the small quickstart first.
pub const SAMPLES: &[Sample] = &[
    Sample {
        file_name: "quickstart.ron",
        title: "Quickstart bottling line",
        description: "Six zones and sixteen assets: a first look at SL-T, SL-C, unmet requirements and findings.",
        source: include_str!("../sample-models/quickstart.ron"),
    },
    Sample {
        file_name: "water-treatment.ron",
        title: "Water & wastewater treatment",
        description: "Municipal plant with remote lift stations and wells, a chemical-dosing subzone, chlorine safety, plant Wi-Fi and vendor access.",
        source: include_str!("../sample-models/water-treatment.ron"),
    },
    Sample {
        file_name: "substation-iec61850.ron",
        title: "IEC 61850 transmission substation",
        description: "132/33 kV substation with perimeter, station bus, bay protection, process bus and a utility control centre.",
        source: include_str!("../sample-models/substation-iec61850.ron"),
    },
    Sample {
        file_name: "refinery-hydrocracker.ron",
        title: "Refinery hydrocracker with SIS",
        description: "DCS, SIS and fire & gas, a vendor compressor package, WirelessHART and a data diode to the plant DMZ.",
        source: include_str!("../sample-models/refinery-hydrocracker.ron"),
    },
    Sample {
        file_name: "pharma-batch.ron",
        title: "Pharmaceutical batch manufacturing",
        description: "GxP plant with MES/EBR, a process cell, OEM skids, packaging and serialisation, GMP monitoring, QC lab and Wi-Fi tablets.",
        source: include_str!("../sample-models/pharma-batch.ron"),
    },
];

/// The sample with this file name.
pub fn by_file_name(file_name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.file_name == file_name)
}

/// Parses a sample; errors name it as `sample-models/<file>`.
pub fn load(sample: &Sample) -> Result<Model, LoadError> {
    persistence::from_str(
        sample.source,
        &format!("sample-models/{}", sample.file_name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_samples_equal_the_files_on_disk() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-models");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ron"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = SAMPLES.iter().map(|s| s.file_name.to_owned()).collect();
        embedded.sort();
        assert_eq!(
            embedded, on_disk,
            "every file in sample-models/ is embedded"
        );
        for s in SAMPLES {
            let file = std::fs::read_to_string(dir.join(s.file_name)).unwrap();
            assert!(
                file == s.source,
                "{} differs from its embedded copy",
                s.file_name
            );
        }
    }

    #[test]
    fn samples_load_and_are_found_by_name() {
        for s in SAMPLES {
            let m = load(s).unwrap();
            assert!(!m.zones.is_empty(), "{}", s.file_name);
            assert!(!s.title.is_empty() && !s.description.is_empty());
            assert_eq!(by_file_name(s.file_name), Some(s));
        }
        assert_eq!(by_file_name("nope.ron"), None);
    }
}
