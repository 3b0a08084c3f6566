//! Who sees what: the access matrix of `domain.md` §1, plus the accountant and agent rules.

use serde::{Deserialize, Serialize};

/// The category of an insured person, as the fund records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Artisan,
    Commercant,
    MicroEntrepreneur,
    ProfessionLiberale,
    Retraite,
    AyantDroit,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Artisan,
        Category::Commercant,
        Category::MicroEntrepreneur,
        Category::ProfessionLiberale,
        Category::Retraite,
        Category::AyantDroit,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Category::Artisan => "artisan",
            Category::Commercant => "commercant",
            Category::MicroEntrepreneur => "micro_entrepreneur",
            Category::ProfessionLiberale => "profession_liberale",
            Category::Retraite => "retraite",
            Category::AyantDroit => "ayant_droit",
        }
    }

    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Category::Artisan => "Artisan",
            Category::Commercant => "Commerçant",
            Category::MicroEntrepreneur => "Micro-entrepreneur",
            Category::ProfessionLiberale => "Profession libérale",
            Category::Retraite => "Retraité",
            Category::AyantDroit => "Ayant droit",
        }
    }

    /// Whether people of this category pay contributions to the fund (and so have a schedule).
    pub fn is_contributor(self) -> bool {
        matches!(
            self,
            Category::Artisan | Category::Commercant | Category::MicroEntrepreneur
        )
    }

    /// Whether a monthly automatic debit's day (the 5th or the 20th) is the person's choice:
    /// not for a micro-entrepreneur, whose amounts fall due at each declaration's deadline.
    pub fn chooses_debit_day(self) -> bool {
        self != Category::MicroEntrepreneur
    }
}

/// The five services of "Mon compte".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Service {
    DonneesPersonnelles,
    Cotisations,
    ReleveCarriere,
    Sante,
    Attestations,
}

impl Service {
    pub const ALL: [Service; 5] = [
        Service::DonneesPersonnelles,
        Service::Cotisations,
        Service::ReleveCarriere,
        Service::Sante,
        Service::Attestations,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Service::DonneesPersonnelles => "Mes données personnelles",
            Service::Cotisations => "Mes cotisations",
            Service::ReleveCarriere => "Mon relevé de carrière",
            Service::Sante => "Ma santé",
            Service::Attestations => "Mes attestations",
        }
    }

    /// The service's name without "Mes": what an accountant reads on a client's file.
    pub fn name(self) -> &'static str {
        match self {
            Service::DonneesPersonnelles => "Données personnelles",
            Service::Cotisations => "Cotisations",
            Service::ReleveCarriere => "Relevé de carrière",
            Service::Sante => "Santé",
            Service::Attestations => "Attestations",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Service::DonneesPersonnelles => "Adresse, coordonnées et situation personnelle",
            Service::Cotisations => "Compte, échéancier, déclarations de revenus et paiements",
            Service::ReleveCarriere => "Bientôt en ligne : trimestres validés et revenus cotisés",
            Service::Sante => {
                "Bientôt en ligne : remboursements, carte Vitale et arrêts de travail"
            }
            Service::Attestations => "Bientôt en ligne : attestations à télécharger",
        }
    }

    /// The URL path segment under `/mon-compte/`.
    pub fn slug(self) -> &'static str {
        match self {
            Service::DonneesPersonnelles => "donnees-personnelles",
            Service::Cotisations => "cotisations",
            Service::ReleveCarriere => "releve-de-carriere",
            Service::Sante => "sante",
            Service::Attestations => "attestations",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|s| s.slug() == slug)
    }

    pub fn path(self) -> String {
        format!("/mon-compte/{}", self.slug())
    }
}

/// The matrix of `domain.md` §1: may an insured person of `category` use `service`?
pub fn category_may_use(category: Category, service: Service) -> bool {
    use Category::*;
    use Service::*;
    match category {
        Artisan | Commercant | MicroEntrepreneur => true,
        ProfessionLiberale | AyantDroit => service == Sante,
        Retraite => matches!(service, DonneesPersonnelles | Sante | Attestations),
    }
}

/// The services an insured person of `category` sees, in menu order.
pub fn services_for(category: Category) -> Vec<Service> {
    Service::ALL
        .into_iter()
        .filter(|s| category_may_use(category, *s))
        .collect()
}

/// What an accountant may open for a client: only with a received mandate, and never the
/// client's health or career data.
pub fn accountant_may_use(service: Service, mandate_received: bool) -> bool {
    mandate_received && matches!(service, Service::Cotisations | Service::Attestations)
}

/// The kind of person behind a sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Insured(Category),
    Accountant,
    /// An agent of one agency (appointments, payment delays, the agency's accounts).
    Agent,
    /// The fund's accounting office: the bank files, and no one's personal file.
    Treasury,
}

/// The single decision used by every guard: may this role open this service for itself?
/// Accountants, agents and the treasury have no services of their own; accountants act
/// through [`accountant_may_use`] for each client.
pub fn role_may_use(role: Role, service: Service) -> bool {
    match role {
        Role::Insured(category) => category_may_use(category, service),
        Role::Accountant | Role::Agent | Role::Treasury => false,
    }
}

/// What a sign-in may do beyond the five services of an insured person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// The dashboard and appointments of an insured person, for themselves.
    OwnDashboard,
    /// An accountant's list of clients (their data then needs a received mandate each).
    ClientPortfolio,
    /// The agent's agency page and its accounts.
    AgencyOverview,
    /// Accepting or refusing payment-delay requests of the agent's agency.
    DecideDelays,
    /// The appointments, hours and closures of the agent's agency.
    AgencyAppointments,
    /// Listing and downloading the pain.008 files sent to the bank (every debtor's IBAN).
    BankFiles,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::OwnDashboard,
        Action::ClientPortfolio,
        Action::AgencyOverview,
        Action::DecideDelays,
        Action::AgencyAppointments,
        Action::BankFiles,
    ];
}

/// The table of role × action: the one decision behind every back-office guard.
pub fn role_may(role: Role, action: Action) -> bool {
    use Action::*;
    match role {
        Role::Insured(_) => action == OwnDashboard,
        Role::Accountant => action == ClientPortfolio,
        Role::Agent => matches!(action, AgencyOverview | DecideDelays | AgencyAppointments),
        Role::Treasury => action == BankFiles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;
    use Service::*;

    /// The table of `domain.md` §1, written out cell by cell.
    const MATRIX: [(Category, [bool; 5]); 6] = [
        (Artisan, [true, true, true, true, true]),
        (Commercant, [true, true, true, true, true]),
        (MicroEntrepreneur, [true, true, true, true, true]),
        (ProfessionLiberale, [false, false, false, true, false]),
        (Retraite, [true, false, false, true, true]),
        (AyantDroit, [false, false, false, true, false]),
    ];

    #[test]
    fn every_cell_of_the_matrix_matches_the_reference() {
        for (category, row) in MATRIX {
            for (service, expected) in Service::ALL.into_iter().zip(row) {
                assert_eq!(
                    category_may_use(category, service),
                    expected,
                    "{category:?} × {service:?}"
                );
                assert_eq!(role_may_use(Role::Insured(category), service), expected);
            }
        }
    }

    #[test]
    fn accountants_never_see_health_or_career_even_with_a_mandate() {
        assert!(!accountant_may_use(Sante, true));
        assert!(!accountant_may_use(ReleveCarriere, true));
        assert!(!accountant_may_use(DonneesPersonnelles, true));
        assert!(accountant_may_use(Cotisations, true));
        assert!(accountant_may_use(Attestations, true));
    }

    #[test]
    fn accountants_see_nothing_before_the_mandate_is_received() {
        for service in Service::ALL {
            assert!(!accountant_may_use(service, false));
        }
    }

    #[test]
    fn staff_have_no_insured_services_of_their_own() {
        for service in Service::ALL {
            assert!(!role_may_use(Role::Accountant, service));
            assert!(!role_may_use(Role::Agent, service));
            assert!(!role_may_use(Role::Treasury, service));
        }
    }

    /// Role × action, written out cell by cell (columns in the order of `Action::ALL`:
    /// own dashboard, client portfolio, agency overview, decide delays, agency appointments,
    /// bank files).
    #[test]
    fn every_cell_of_the_role_action_table() {
        let mut table: Vec<(Role, [bool; 6])> = Category::ALL
            .into_iter()
            .map(|c| (Role::Insured(c), [true, false, false, false, false, false]))
            .collect();
        table.push((Role::Accountant, [false, true, false, false, false, false]));
        table.push((Role::Agent, [false, false, true, true, true, false]));
        table.push((Role::Treasury, [false, false, false, false, false, true]));
        for (role, row) in table {
            for (action, expected) in Action::ALL.into_iter().zip(row) {
                assert_eq!(role_may(role, action), expected, "{role:?} × {action:?}");
            }
        }
    }

    #[test]
    fn codes_and_slugs_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_code(c.code()), Some(c));
        }
        for s in Service::ALL {
            assert_eq!(Service::from_slug(s.slug()), Some(s));
        }
    }
}
