//! Messages as toasts in the canvas' bottom-right corner: information fades after a few
//! seconds, errors (red) stay until the user dismisses them. The status bar no longer keeps old
//! messages.

use egui::{Color32, RichText};

/// How long an information toast stays, in seconds.
pub const INFO_SECONDS: f64 = 6.0;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    Info,
    Error,
}

#[derive(Clone, PartialEq, Debug)]
pub struct Toast {
    pub level: Level,
    pub text: String,
    /// When it was first shown (egui time, seconds); set on the first frame that shows it.
    shown_at: Option<f64>,
}

#[derive(Default, Debug)]
pub struct Toasts {
    list: Vec<Toast>,
}

impl Toasts {
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(Level::Info, text.into());
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(Level::Error, text.into());
    }

    fn push(&mut self, level: Level, text: String) {
        // The same message again replaces the old one (and shows it anew).
        self.list.retain(|t| t.text != text);
        self.list.push(Toast {
            level,
            text,
            shown_at: None,
        });
        // A long session must not pile up information toasts.
        while self.list.len() > 6 {
            match self.list.iter().position(|t| t.level == Level::Info) {
                Some(i) => {
                    self.list.remove(i);
                }
                None => {
                    self.list.remove(0);
                }
            }
        }
    }

    /// The toasts still shown, oldest first.
    pub fn current(&self) -> &[Toast] {
        &self.list
    }

    /// Drops information toasts older than [`INFO_SECONDS`] at time `now`.
    fn expire(&mut self, now: f64) {
        for t in &mut self.list {
            t.shown_at.get_or_insert(now);
        }
        self.list.retain(|t| {
            t.level == Level::Error || t.shown_at.is_none_or(|s| now - s < INFO_SECONDS)
        });
    }

    /// Draws the toasts over the bottom-right corner of `rect`.
    pub fn show(&mut self, ctx: &egui::Context, rect: egui::Rect) {
        let now = ctx.input(|i| i.time);
        self.expire(now);
        if self.list.is_empty() {
            return;
        }
        if self.list.iter().any(|t| t.level == Level::Info) {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
        let mut dismiss = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::RIGHT_BOTTOM)
            .fixed_pos(rect.right_bottom() - egui::vec2(12.0, 12.0))
            .show(ctx, |ui| {
                ui.set_max_width(460.0);
                for (i, t) in self.list.iter().enumerate() {
                    let (fill, stroke) = match t.level {
                        Level::Info => (
                            ui.visuals().extreme_bg_color,
                            ui.visuals().weak_text_color(),
                        ),
                        Level::Error => (
                            Color32::from_rgb(110, 20, 20),
                            Color32::from_rgb(230, 80, 80),
                        ),
                    };
                    egui::Frame::new()
                        .fill(fill)
                        .stroke(egui::Stroke::new(1.0, stroke))
                        .corner_radius(6.0)
                        .inner_margin(egui::Margin::symmetric(10, 6))
                        .show(ui, |ui| {
                            ui.horizontal(|ui| match t.level {
                                Level::Info => {
                                    ui.label(&t.text);
                                }
                                Level::Error => {
                                    ui.label(RichText::new(&t.text).color(Color32::WHITE));
                                    if ui.button("Dismiss").clicked() {
                                        dismiss = Some(i);
                                    }
                                }
                            });
                        });
                    ui.add_space(4.0);
                }
            });
        if let Some(i) = dismiss {
            self.list.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn information_fades_errors_stay() {
        let mut t = Toasts::default();
        t.info("Saved");
        t.error("Cannot save");
        t.expire(10.0);
        assert_eq!(t.current().len(), 2);
        t.expire(10.0 + INFO_SECONDS + 0.1);
        assert_eq!(t.current().len(), 1);
        assert_eq!(t.current()[0].level, Level::Error);
        t.expire(1000.0);
        assert_eq!(t.current().len(), 1, "an error stays until dismissed");
    }

    #[test]
    fn repeats_replace_and_the_list_stays_short() {
        let mut t = Toasts::default();
        t.error("E");
        for i in 0..20 {
            t.info(format!("m{i}"));
        }
        t.info("m19");
        assert_eq!(t.current().len(), 6);
        assert_eq!(t.current()[0].text, "E");
        assert_eq!(t.current().last().map(|x| x.text.as_str()), Some("m19"));
    }
}
