//! Who reads a contribution account's explanations: its holder ("vos revenus") or, for a
//! client, their accountant ("ses revenus", "le client"). Each sentence is written once, with
//! the words of its reader.

use super::calls::Basis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Holder,
    Accountant,
}

/// The words that change with the reader.
struct Words {
    /// "votre" / "son"
    your: &'static str,
    /// "Votre" / "Son"
    your_cap: &'static str,
    /// "vos" / "ses"
    yours: &'static str,
    /// "Vos" / "Ses"
    yours_cap: &'static str,
    /// "Vous avez" / "Le client a"
    you_have: &'static str,
    /// "vous déclarerez" / "le client déclarera"
    you_will_declare: &'static str,
}

impl Reader {
    /// The holder when the page is their own, else their accountant.
    pub fn of(own: bool) -> Reader {
        if own {
            Reader::Holder
        } else {
            Reader::Accountant
        }
    }

    fn words(self) -> Words {
        match self {
            Reader::Holder => Words {
                your: "votre",
                your_cap: "Votre",
                yours: "vos",
                yours_cap: "Vos",
                you_have: "Vous avez",
                you_will_declare: "vous déclarerez",
            },
            Reader::Accountant => Words {
                your: "son",
                your_cap: "Son",
                yours: "ses",
                yours_cap: "Ses",
                you_have: "Le client a",
                you_will_declare: "le client déclarera",
            },
        }
    }

    /// How the account page names the basis of `year`: "vos revenus de 2024, déclarés".
    pub fn basis_label(self, basis: Basis, year: i32) -> String {
        let yours = self.words().yours;
        match basis {
            Basis::Final => format!("{yours} revenus de {year}, déclarés"),
            Basis::Estimate => format!("estimation de {yours} revenus {year}"),
            Basis::LastYear | Basis::TwoYearsBefore => {
                let from = year - if basis == Basis::LastYear { 1 } else { 2 };
                format!("{yours} revenus de {from} (provisoirement, en attendant ceux de {year})")
            }
        }
    }

    /// "Pourquoi ce montant ?": what the calls of `y` are computed on, and what comes next.
    pub fn basis_why(self, basis: Basis, y: i32) -> String {
        let Words {
            your,
            your_cap,
            yours,
            yours_cap,
            you_have,
            you_will_declare,
        } = self.words();
        match basis {
            Basis::Final => format!("{your_cap} revenu définitif de {y} est connu : {yours} cotisations de {y} sont calculées sur lui ; l'écart avec ce qui avait été appelé est régularisé sur {yours} échéances suivantes."),
            Basis::Estimate => format!("{you_have} estimé {yours} revenus de {y} : {yours} échéances restantes de {y} sont calculées sur {your} dernière estimation, jusqu'à la déclaration de {your} revenu définitif."),
            Basis::LastYear => format!("{yours_cap} cotisations provisionnelles de {y} sont calculées sur {your} revenu définitif de {} depuis sa déclaration ; {y} sera régularisée quand {you_will_declare} {your} revenu définitif de {y}.", y - 1),
            Basis::TwoYearsBefore => format!("{yours_cap} cotisations provisionnelles de {y} sont calculées sur {your} revenu définitif de {} ; elles seront recalculées quand {you_will_declare} {your} revenu de {}.", y - 2, y - 1),
        }
    }

    /// When the schedule calls less or more than the year's computation so far.
    pub fn scheduled_differs(self, scheduled: &str, y: i32) -> String {
        let Words {
            your_cap, yours, ..
        } = self.words();
        format!(" {your_cap} échéancier appelle à ce jour {scheduled} pour {y} : la différence sera appelée sur {yours} prochaines échéances.")
    }

    /// What is left of a credit: "80,00 € à déduire de vos prochaines échéances".
    pub fn credit_left(self, left: &str) -> String {
        format!(
            "{left} à déduire de {} prochaines échéances",
            self.words().yours
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Basis; 4] = [
        Basis::Final,
        Basis::Estimate,
        Basis::LastYear,
        Basis::TwoYearsBefore,
    ];

    #[test]
    fn the_holder_reads_vos_and_the_accountant_never_does() {
        assert_eq!(
            Reader::Holder.basis_label(Basis::Estimate, 2026),
            "estimation de vos revenus 2026"
        );
        assert_eq!(
            Reader::Accountant.basis_label(Basis::TwoYearsBefore, 2026),
            "ses revenus de 2024 (provisoirement, en attendant ceux de 2026)"
        );
        let second_person = |s: &str| {
            s.split(|c: char| !c.is_alphabetic())
                .any(|w| matches!(w.to_lowercase().as_str(), "vos" | "votre" | "vous"))
        };
        for basis in ALL {
            let holder = Reader::Holder.basis_why(basis, 2026);
            let accountant = Reader::Accountant.basis_why(basis, 2026);
            assert!(second_person(&holder), "{holder}");
            assert!(!second_person(&accountant), "{accountant}");
            assert!(!second_person(&Reader::Accountant.basis_label(basis, 2026)));
        }
        assert!(!second_person(
            &Reader::Accountant.scheduled_differs("1 000,00 €", 2026)
        ));
        assert_eq!(
            Reader::Holder.credit_left("80,00 €"),
            "80,00 € à déduire de vos prochaines échéances"
        );
    }
}
