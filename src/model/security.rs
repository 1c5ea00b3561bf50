//! Foundational requirements, security levels and SL vectors (IEC 62443-3-3 Annex A notation).

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The seven foundational requirements, in their fixed order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub enum Fr {
    /// FR1 Identification and authentication control.
    Iac,
    /// FR2 Use control.
    Uc,
    /// FR3 System integrity.
    Si,
    /// FR4 Data confidentiality.
    Dc,
    /// FR5 Restricted data flow.
    Rdf,
    /// FR6 Timely response to events.
    Tre,
    /// FR7 Resource availability.
    Ra,
}

impl Fr {
    pub const ALL: [Self; 7] = [
        Self::Iac,
        Self::Uc,
        Self::Si,
        Self::Dc,
        Self::Rdf,
        Self::Tre,
        Self::Ra,
    ];

    /// 1..=7
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_number(n: u8) -> Option<Self> {
        Self::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// "IAC", "UC", ...
    pub fn abbrev(self) -> &'static str {
        match self {
            Self::Iac => "IAC",
            Self::Uc => "UC",
            Self::Si => "SI",
            Self::Dc => "DC",
            Self::Rdf => "RDF",
            Self::Tre => "TRE",
            Self::Ra => "RA",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Iac => "Identification and authentication control",
            Self::Uc => "Use control",
            Self::Si => "System integrity",
            Self::Dc => "Data confidentiality",
            Self::Rdf => "Restricted data flow",
            Self::Tre => "Timely response to events",
            Self::Ra => "Resource availability",
        }
    }

    /// "FR1"
    pub fn label(self) -> String {
        format!("FR{}", self.number())
    }
}

impl fmt::Display for Fr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FR{} {}", self.number(), self.abbrev())
    }
}

/// A security level 0..=4. 0 means "no specific requirement", or for SL-C "unknown".
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct SecurityLevel(u8);

impl SecurityLevel {
    pub const MAX: u8 = 4;
    pub const SL0: Self = Self(0);
    pub const SL1: Self = Self(1);
    pub const SL2: Self = Self(2);
    pub const SL3: Self = Self(3);
    pub const SL4: Self = Self(4);

    pub fn new(level: u8) -> Option<Self> {
        (level <= Self::MAX).then_some(Self(level))
    }

    /// Clamps to 0..=4; for UI steppers and generators.
    pub fn saturating(level: u8) -> Self {
        Self(level.min(Self::MAX))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for SecurityLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for SecurityLevel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.0)
    }
}

impl<'de> Deserialize<'de> for SecurityLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(d)?;
        u8::try_from(v)
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| de::Error::custom(format!("security level {v} is out of range 0..=4")))
    }
}

/// One level per FR, in FR order. Shown as `{2 2 0 1 3 1 3}`; stored in RON as a tuple
/// `(2, 2, 0, 1, 3, 1, 3)` so it stays on one line.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct SlVector(pub [SecurityLevel; 7]);

impl SlVector {
    pub const ZERO: Self = Self([SecurityLevel::SL0; 7]);

    /// Every FR at the same level.
    pub fn uniform(level: SecurityLevel) -> Self {
        Self([level; 7])
    }

    /// From seven numbers; `None` when one is above 4.
    pub fn from_levels(levels: [u8; 7]) -> Option<Self> {
        let mut out = [SecurityLevel::SL0; 7];
        for (o, l) in out.iter_mut().zip(levels) {
            *o = SecurityLevel::new(l)?;
        }
        Some(Self(out))
    }

    pub fn get(&self, fr: Fr) -> SecurityLevel {
        self.0[fr.index()]
    }

    pub fn set(&mut self, fr: Fr, level: SecurityLevel) {
        self.0[fr.index()] = level;
    }

    /// Element-wise minimum.
    #[must_use]
    pub fn min(&self, other: &Self) -> Self {
        let mut out = *self;
        for (o, b) in out.0.iter_mut().zip(other.0) {
            *o = (*o).min(b);
        }
        out
    }

    /// Element-wise maximum.
    #[must_use]
    pub fn max(&self, other: &Self) -> Self {
        let mut out = *self;
        for (o, b) in out.0.iter_mut().zip(other.0) {
            *o = (*o).max(b);
        }
        out
    }

    pub fn levels(&self) -> [u8; 7] {
        self.0.map(SecurityLevel::get)
    }

    /// The FRs where `self` is below `other`.
    pub fn below<'a>(&'a self, other: &'a Self) -> impl Iterator<Item = Fr> + 'a {
        Fr::ALL
            .into_iter()
            .filter(|fr| self.get(*fr) < other.get(*fr))
    }
}

impl fmt::Display for SlVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g, h] = self.levels();
        write!(f, "{{{a} {b} {c} {d} {e} {g} {h}}}")
    }
}

impl std::str::FromStr for SlVector {
    type Err = String;

    /// Accepts `{2 2 0 1 3 1 3}`, `2,2,0,1,3,1,3` or `2220131`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits: Vec<u8> = s
            .chars()
            .filter(|c| !matches!(c, '{' | '}' | '(' | ')' | '[' | ']' | ',' | ' '))
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| u8::try_from(d).ok())
                    .ok_or_else(|| format!("`{c}` is not a security level"))
            })
            .collect::<Result<_, _>>()?;
        let levels: [u8; 7] = digits
            .try_into()
            .map_err(|d: Vec<u8>| format!("an SL vector has 7 levels, not {}", d.len()))?;
        Self::from_levels(levels).ok_or_else(|| "security levels go from 0 to 4".to_owned())
    }
}

impl Serialize for SlVector {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut t = s.serialize_tuple(7)?;
        for l in &self.0 {
            t.serialize_element(l)?;
        }
        t.end()
    }
}

impl<'de> Deserialize<'de> for SlVector {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SlVector;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an SL vector of 7 levels, FR1..FR7, e.g. (2, 2, 0, 1, 3, 1, 3)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<SlVector, A::Error> {
                let mut out = [SecurityLevel::SL0; 7];
                for (i, o) in out.iter_mut().enumerate() {
                    *o = seq
                        .next_element()?
                        .ok_or_else(|| de::Error::invalid_length(i, &self))?;
                }
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(8, &self));
                }
                Ok(SlVector(out))
            }
        }
        d.deserialize_tuple(7, V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse() {
        let v = SlVector::from_levels([2, 2, 0, 1, 3, 1, 3]).unwrap();
        assert_eq!(v.to_string(), "{2 2 0 1 3 1 3}");
        assert_eq!("{2 2 0 1 3 1 3}".parse::<SlVector>().unwrap(), v);
        assert_eq!("2,2,0,1,3,1,3".parse::<SlVector>().unwrap(), v);
        assert!("2 2 0".parse::<SlVector>().is_err());
        assert!("2 2 0 1 3 1 5".parse::<SlVector>().is_err());
    }

    #[test]
    fn min_max_below() {
        let a = SlVector::from_levels([1, 2, 3, 4, 0, 1, 2]).unwrap();
        let b = SlVector::uniform(SecurityLevel::SL2);
        assert_eq!(a.min(&b).levels(), [1, 2, 2, 2, 0, 1, 2]);
        assert_eq!(a.max(&b).levels(), [2, 2, 3, 4, 2, 2, 2]);
        assert_eq!(
            a.below(&b).collect::<Vec<_>>(),
            vec![Fr::Iac, Fr::Rdf, Fr::Tre]
        );
    }

    #[test]
    fn fr_numbers() {
        for (i, fr) in Fr::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(fr.number()), i + 1);
            assert_eq!(Fr::from_number(fr.number()), Some(fr));
        }
        assert_eq!(Fr::from_number(0), None);
        assert_eq!(Fr::from_number(8), None);
        assert_eq!(Fr::Rdf.to_string(), "FR5 RDF");
    }

    #[test]
    fn level_range() {
        assert!(SecurityLevel::new(4).is_some());
        assert!(SecurityLevel::new(5).is_none());
        assert_eq!(SecurityLevel::saturating(9), SecurityLevel::SL4);
    }
}
