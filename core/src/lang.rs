//! Interface languages, and bilingual text for messages that the core itself produces
//! (errors, job progress, dataset labels). Screen chrome lives in the app's i18n module.

use serde::{Deserialize, Serialize};

/// The two interface languages. Simplified Chinese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// BCP 47 tag for the `lang` attribute of the document.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Something that can describe itself to a user in either language.
pub trait Localize {
    fn localize(&self, lang: Lang) -> String;
}
