//! A conduit with no channels: its data flows are undocumented, and ZCR 6.4 wants the
//! conduit's channels (protocols, endpoints, directions) in the cybersecurity requirements.

use crate::analysis::{Finding, Severity};
use crate::model::ElementId;

use super::{Ctx, RuleMeta};

pub const META: RuleMeta = RuleMeta {
    id: "conduit-no-channels",
    severity: Severity::Info,
    title: "Conduit has no channels",
    reference: "IEC 62443-3-2 ZCR 6.4",
};

pub fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for c in ctx.conduits() {
        if c.channels.is_empty() {
            out.push(ctx.finding(
                &META,
                ElementId::Conduit(c.id.clone()),
                [],
                format!(
                    "Conduit \"{}\" documents no data flows; add its channels (protocol, port, \
                     direction, source and destination).",
                    c.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{conduit, findings, ids, zone};
    use crate::model::{Channel, Model, ZoneKind};

    #[test]
    fn flags_conduits_without_channels() {
        let mut m = Model::default();
        zone(&mut m, "Z-a", ZoneKind::Control, Some([1; 7]));
        zone(&mut m, "Z-b", ZoneKind::Operations, Some([1; 7]));
        let mut c = conduit(&mut m, "C-flows", &["Z-a", "Z-b"], Some([1; 7]));
        c.channels.push(Channel::new("opc_ua_sign", "process data"));
        m.insert_conduit(c);
        let mut c = conduit(&mut m, "C-bare", &["Z-a", "Z-b"], Some([1; 7]));
        c.name = "Control to operations".into();
        m.insert_conduit(c);
        let f = findings(&m, "conduit-no-channels");
        assert_eq!(ids(&f), ["conduit-no-channels@C-bare"]);
        assert!(
            f[0].message
                .starts_with("Conduit \"Control to operations\" documents no data flows")
        );
    }
}
