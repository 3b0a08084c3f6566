//! Mandates, automatic-debit instructions, telepayments, debits and bank files. Each "exactly
//! once" is a single INSERT guarded by a UNIQUE constraint (`ON CONFLICT DO NOTHING`), never a
//! read-then-write: SQLite handles read-to-write upgrades badly under concurrency.

use crate::domain::money::Cents;
use crate::domain::schedule::Periodicity;
use crate::domain::sepa::{DebitPlan, Iban};
use crate::persistence::entities::{
    bank_file, debit_instruction, debit_notice, sepa_debit, sepa_mandate, telepayment,
    telepayment_part,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};

pub const MANDATE_ACTIVE: &str = "active";
pub const MANDATE_REVOKED: &str = "revoked";
pub const MANDATE_LAPSED: &str = "lapsed";

pub const TELEPAYMENT_SCHEDULED: &str = "scheduled";
pub const TELEPAYMENT_REPLACED: &str = "replaced";
/// Claimed by the collection job after the cut-off: no longer replaceable.
pub const TELEPAYMENT_COLLECTING: &str = "collecting";
pub const TELEPAYMENT_COLLECTED: &str = "collected";
/// Not collected: its amount due was replaced, or its bank account's mandate ended.
pub const TELEPAYMENT_CANCELLED: &str = "cancelled";

pub const SOURCE_TELEPAYMENT: &str = "telepayment";
pub const SOURCE_DIRECT_DEBIT: &str = "direct_debit";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MandateRow {
    pub id: i64,
    pub account_id: i64,
    pub rum: String,
    pub iban: Iban,
    pub bic: Option<String>,
    pub holder_last_name: String,
    pub holder_first_name: String,
    pub holder_address: String,
    pub status: String,
    pub signed_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub last_collected_on: Option<NaiveDate>,
}

impl TryFrom<sepa_mandate::Model> for MandateRow {
    type Error = DbErr;
    fn try_from(m: sepa_mandate::Model) -> Result<Self, DbErr> {
        let iban = Iban::parse(&m.iban)
            .map_err(|_| DbErr::Custom(format!("mandate {}: stored IBAN is invalid", m.id)))?;
        Ok(MandateRow {
            id: m.id,
            account_id: m.contributor_account_id,
            rum: m.rum,
            iban,
            bic: m.bic,
            holder_last_name: m.holder_last_name,
            holder_first_name: m.holder_first_name,
            holder_address: m.holder_address,
            status: m.status,
            signed_at: m.signed_at,
            ended_at: m.ended_at,
            last_collected_on: m.last_collected_on,
        })
    }
}

fn rows<M, R: TryFrom<M, Error = DbErr>>(models: Vec<M>) -> Result<Vec<R>, DbErr> {
    models.into_iter().map(R::try_from).collect()
}

/// Every mandate of the account, active ones first, then newest first.
pub async fn list_mandates(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<MandateRow>, DbErr> {
    let mut all: Vec<MandateRow> = rows(
        sepa_mandate::Entity::find()
            .filter(sepa_mandate::Column::ContributorAccountId.eq(account_id))
            .order_by_desc(sepa_mandate::Column::Id)
            .all(db)
            .await?,
    )?;
    all.sort_by_key(|m| m.status != MANDATE_ACTIVE);
    Ok(all)
}

pub async fn find_mandate(db: &impl ConnectionTrait, id: i64) -> Result<Option<MandateRow>, DbErr> {
    sepa_mandate::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(MandateRow::try_from)
        .transpose()
}

/// The active mandate on this IBAN, whatever the account (at most one: partial unique index).
/// The person's active mandate on this IBAN, on any of their contributor accounts. Another
/// person's mandate on the same IBAN (a joint account) is none of their business.
pub async fn find_active_mandate_of_person(
    db: &impl ConnectionTrait,
    person_id: i64,
    iban: &Iban,
) -> Result<Option<MandateRow>, DbErr> {
    sepa_mandate::Entity::find()
        .filter(sepa_mandate::Column::PersonId.eq(person_id))
        .filter(sepa_mandate::Column::Iban.eq(iban.as_str()))
        .filter(sepa_mandate::Column::Status.eq(MANDATE_ACTIVE))
        .one(db)
        .await?
        .map(MandateRow::try_from)
        .transpose()
}

pub struct NewMandate<'a> {
    pub account_id: i64,
    /// The account holder.
    pub person_id: i64,
    pub account_number: &'a str,
    pub iban: &'a Iban,
    pub bic: Option<&'a str>,
    pub last_name: &'a str,
    pub first_name: &'a str,
    pub address: &'a str,
    pub signed_by: i64,
}

/// Records a signed mandate and gives it its RUM (built from the row's id, so unique). A second
/// active mandate of the same person on the same IBAN fails with a unique violation.
pub async fn insert_mandate(
    db: &impl ConnectionTrait,
    n: NewMandate<'_>,
    now: DateTime<Utc>,
) -> Result<MandateRow, DbErr> {
    // Replaced below by the RUM built from the row's id; random so that concurrent inserts never collide.
    let provisional = format!(
        "EN-COURS-{:016x}",
        rand::Rng::r#gen::<u64>(&mut rand::rngs::OsRng)
    );
    let m = sepa_mandate::ActiveModel {
        contributor_account_id: Set(n.account_id),
        rum: Set(provisional),
        iban: Set(n.iban.as_str().to_owned()),
        bic: Set(n.bic.map(str::to_owned)),
        holder_last_name: Set(n.last_name.to_owned()),
        holder_first_name: Set(n.first_name.to_owned()),
        holder_address: Set(n.address.to_owned()),
        status: Set(MANDATE_ACTIVE.to_owned()),
        signed_at: Set(now),
        signed_by_identity_id: Set(n.signed_by),
        ended_at: Set(None),
        last_collected_on: Set(None),
        person_id: Set(Some(n.person_id)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let rum = crate::domain::sepa::mandate_reference(n.account_number, m.id);
    let mut am: sepa_mandate::ActiveModel = m.into();
    am.rum = Set(rum);
    MandateRow::try_from(am.update(db).await?)
}

/// Ends an active mandate (revoked by the debtor, or lapsed); false when it was not active.
pub async fn end_mandate(
    db: &impl ConnectionTrait,
    id: i64,
    status: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = sepa_mandate::Entity::update_many()
        .col_expr(sepa_mandate::Column::Status, Expr::value(status))
        .col_expr(sepa_mandate::Column::EndedAt, Expr::value(now))
        .filter(sepa_mandate::Column::Id.eq(id))
        .filter(sepa_mandate::Column::Status.eq(MANDATE_ACTIVE))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn list_active_mandates_everywhere(
    db: &impl ConnectionTrait,
) -> Result<Vec<MandateRow>, DbErr> {
    rows(
        sepa_mandate::Entity::find()
            .filter(sepa_mandate::Column::Status.eq(MANDATE_ACTIVE))
            .all(db)
            .await?,
    )
}

pub async fn mark_mandate_used(
    db: &impl ConnectionTrait,
    id: i64,
    on: NaiveDate,
) -> Result<(), DbErr> {
    sepa_mandate::Entity::update_many()
        .col_expr(sepa_mandate::Column::LastCollectedOn, Expr::value(on))
        .filter(sepa_mandate::Column::Id.eq(id))
        .filter(
            sepa_mandate::Column::LastCollectedOn
                .is_null()
                .or(sepa_mandate::Column::LastCollectedOn.lt(on)),
        )
        .exec(db)
        .await?;
    Ok(())
}

// ---- Automatic debit -------------------------------------------------------------------------

pub const INSTRUCTION_JOIN: &str = "join";
pub const INSTRUCTION_CHANGE: &str = "change";
/// Same arrangement, another bank account: not the yearly change.
pub const INSTRUCTION_ACCOUNT: &str = "account";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionRow {
    pub id: i64,
    pub reference: String,
    pub account_id: i64,
    pub mandate_id: i64,
    pub kind: String,
    pub plan: DebitPlan,
    pub requested_at: DateTime<Utc>,
    pub effective_from: NaiveDate,
}

impl TryFrom<debit_instruction::Model> for InstructionRow {
    type Error = DbErr;
    fn try_from(m: debit_instruction::Model) -> Result<Self, DbErr> {
        let periodicity = Periodicity::from_code(&m.periodicity)
            .ok_or_else(|| DbErr::Custom(format!("unknown periodicity {}", m.periodicity)))?;
        Ok(InstructionRow {
            id: m.id,
            reference: m.reference,
            account_id: m.contributor_account_id,
            mandate_id: m.mandate_id,
            kind: m.kind,
            plan: DebitPlan {
                periodicity,
                day: u32::try_from(m.debit_day).unwrap_or(5),
            },
            requested_at: m.requested_at,
            effective_from: m.effective_from,
        })
    }
}

/// The account's instructions, oldest first.
pub async fn list_instructions(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<InstructionRow>, DbErr> {
    rows(
        debit_instruction::Entity::find()
            .filter(debit_instruction::Column::ContributorAccountId.eq(account_id))
            .order_by_asc(debit_instruction::Column::Id)
            .all(db)
            .await?,
    )
}

/// Every account with an instruction (the worker's automatic-debit pass).
pub async fn accounts_with_instructions(db: &impl ConnectionTrait) -> Result<Vec<i64>, DbErr> {
    let mut ids: Vec<i64> = debit_instruction::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.contributor_account_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

pub struct NewInstruction<'a> {
    pub reference: &'a str,
    pub account_id: i64,
    pub mandate_id: i64,
    pub kind: &'a str,
    pub plan: DebitPlan,
    pub requested_by: i64,
    pub effective_from: NaiveDate,
}

pub async fn insert_instruction(
    db: &impl ConnectionTrait,
    n: NewInstruction<'_>,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let m = debit_instruction::ActiveModel {
        reference: Set(n.reference.to_owned()),
        contributor_account_id: Set(n.account_id),
        mandate_id: Set(n.mandate_id),
        kind: Set(n.kind.to_owned()),
        periodicity: Set(match n.plan.periodicity {
            Periodicity::Monthly => "monthly".to_owned(),
            Periodicity::Quarterly => "quarterly".to_owned(),
        }),
        debit_day: Set(i32::try_from(n.plan.day).unwrap_or(5)),
        requested_by_identity_id: Set(n.requested_by),
        requested_at: Set(now),
        effective_from: Set(n.effective_from),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(m.id)
}

/// Amounts already pre-notified, by amount due: the day the notice went out.
pub async fn notices_for_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<std::collections::HashMap<i64, NaiveDate>, DbErr> {
    Ok(debit_notice::Entity::find()
        .filter(debit_notice::Column::ContributorAccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(|n| (n.amount_due_id, n.notified_on))
        .collect())
}

/// Claims the notice of an amount due; false when another process already sent it.
pub async fn claim_notice(
    db: &impl ConnectionTrait,
    account_id: i64,
    amount_due_id: i64,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = debit_notice::ActiveModel {
        amount_due_id: Set(amount_due_id),
        contributor_account_id: Set(account_id),
        notified_on: Set(on),
        created_at: Set(now),
        ..Default::default()
    };
    let n = debit_notice::Entity::insert(row)
        .on_conflict(
            OnConflict::column(debit_notice::Column::AmountDueId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(n == 1)
}

// ---- Telepayments ----------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TelepaymentRow {
    pub id: i64,
    pub reference: String,
    pub account_id: i64,
    pub amount_due_id: i64,
    pub amount: Cents,
    pub collection_date: NaiveDate,
    pub status: String,
    pub created_at: DateTime<Utc>,
    /// (mandate id, amount) for each bank account debited.
    pub parts: Vec<(i64, Cents)>,
}

async fn with_parts(
    db: &impl ConnectionTrait,
    models: Vec<telepayment::Model>,
) -> Result<Vec<TelepaymentRow>, DbErr> {
    let ids: Vec<i64> = models.iter().map(|t| t.id).collect();
    let parts = telepayment_part::Entity::find()
        .filter(telepayment_part::Column::TelepaymentId.is_in(ids))
        .order_by_asc(telepayment_part::Column::Id)
        .all(db)
        .await?;
    Ok(models
        .into_iter()
        .map(|t| TelepaymentRow {
            parts: parts
                .iter()
                .filter(|p| p.telepayment_id == t.id)
                .map(|p| (p.mandate_id, Cents(p.amount_cents)))
                .collect(),
            id: t.id,
            reference: t.reference,
            account_id: t.contributor_account_id,
            amount_due_id: t.amount_due_id,
            amount: Cents(t.amount_cents),
            collection_date: t.collection_date,
            status: t.status,
            created_at: t.created_at,
        })
        .collect())
}

pub async fn find_telepayment(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<Option<TelepaymentRow>, DbErr> {
    let found = telepayment::Entity::find()
        .filter(telepayment::Column::Reference.eq(reference))
        .all(db)
        .await?;
    Ok(with_parts(db, found).await?.pop())
}

pub async fn find_telepayment_by_key(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<TelepaymentRow>, DbErr> {
    let found = telepayment::Entity::find()
        .filter(telepayment::Column::IdempotencyKey.eq(key))
        .all(db)
        .await?;
    Ok(with_parts(db, found).await?.pop())
}

/// The account's telepayments, newest first.
pub async fn list_telepayments(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<TelepaymentRow>, DbErr> {
    let found = telepayment::Entity::find()
        .filter(telepayment::Column::ContributorAccountId.eq(account_id))
        .order_by_desc(telepayment::Column::Id)
        .all(db)
        .await?;
    with_parts(db, found).await
}

pub struct NewTelepayment<'a> {
    pub reference: &'a str,
    pub idempotency_key: &'a str,
    pub account_id: i64,
    pub amount_due_id: i64,
    pub amount: Cents,
    pub collection_date: NaiveDate,
    pub created_by: i64,
    pub parts: &'a [(i64, Cents)],
}

/// Claims the draft's key with one INSERT (`ON CONFLICT DO NOTHING`) as the transaction's first
/// statement, then writes the parts. Returns false when the key was already used. Another
/// payment of the same amount stays: only "Modifier" replaces one (`replace_telepayment`).
pub async fn insert_telepayment(
    db: &impl ConnectionTrait,
    n: NewTelepayment<'_>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = telepayment::ActiveModel {
        reference: Set(n.reference.to_owned()),
        idempotency_key: Set(n.idempotency_key.to_owned()),
        contributor_account_id: Set(n.account_id),
        amount_due_id: Set(n.amount_due_id),
        amount_cents: Set(n.amount.get()),
        collection_date: Set(n.collection_date),
        status: Set(TELEPAYMENT_SCHEDULED.to_owned()),
        created_by_identity_id: Set(n.created_by),
        created_at: Set(now),
        ..Default::default()
    };
    let inserted = telepayment::Entity::insert(row)
        .on_conflict(
            OnConflict::column(telepayment::Column::IdempotencyKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    if inserted != 1 {
        return Ok(false);
    }
    let id = telepayment::Entity::find()
        .filter(telepayment::Column::IdempotencyKey.eq(n.idempotency_key))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("telepayment just inserted".into()))?
        .id;
    for (mandate_id, amount) in n.parts {
        telepayment_part::ActiveModel {
            telepayment_id: Set(id),
            mandate_id: Set(*mandate_id),
            amount_cents: Set(amount.get()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(true)
}

/// "Modifier le paiement programmé": the telepayment `id` is replaced, if it is still scheduled
/// on that amount and its cut-off has not passed (else it is being collected: false).
pub async fn replace_telepayment(
    db: &impl ConnectionTrait,
    id: i64,
    amount_due_id: i64,
    changeable_from: NaiveDate,
) -> Result<bool, DbErr> {
    let r = telepayment::Entity::update_many()
        .col_expr(
            telepayment::Column::Status,
            Expr::value(TELEPAYMENT_REPLACED),
        )
        .filter(telepayment::Column::Id.eq(id))
        .filter(telepayment::Column::AmountDueId.eq(amount_due_id))
        .filter(telepayment::Column::Status.eq(TELEPAYMENT_SCHEDULED))
        .filter(telepayment::Column::CollectionDate.gte(changeable_from))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Scheduled telepayments to collect on `collection_date`.
pub async fn scheduled_telepayments_on(
    db: &impl ConnectionTrait,
    collection_date: NaiveDate,
) -> Result<Vec<TelepaymentRow>, DbErr> {
    let found = telepayment::Entity::find()
        .filter(telepayment::Column::CollectionDate.eq(collection_date))
        .filter(telepayment::Column::Status.eq(TELEPAYMENT_SCHEDULED))
        .order_by_asc(telepayment::Column::Id)
        .all(db)
        .await?;
    with_parts(db, found).await
}

/// The part ids of a telepayment, in the order of its parts.
pub async fn part_ids(db: &impl ConnectionTrait, telepayment_id: i64) -> Result<Vec<i64>, DbErr> {
    Ok(telepayment_part::Entity::find()
        .filter(telepayment_part::Column::TelepaymentId.eq(telepayment_id))
        .order_by_asc(telepayment_part::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

/// The telepayment a part belongs to.
pub async fn telepayment_of_part(
    db: &impl ConnectionTrait,
    part_id: i64,
) -> Result<Option<i64>, DbErr> {
    Ok(telepayment_part::Entity::find_by_id(part_id)
        .one(db)
        .await?
        .map(|p| p.telepayment_id))
}

async fn move_telepayment(
    db: &impl ConnectionTrait,
    id: i64,
    from: &str,
    to: &str,
) -> Result<bool, DbErr> {
    let res = telepayment::Entity::update_many()
        .col_expr(telepayment::Column::Status, Expr::value(to))
        .filter(telepayment::Column::Id.eq(id))
        .filter(telepayment::Column::Status.eq(from))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The collection job claims a scheduled telepayment (one process wins); from then on a new
/// submission for the same amount no longer replaces it.
pub async fn claim_telepayment(db: &impl ConnectionTrait, id: i64) -> Result<bool, DbErr> {
    move_telepayment(db, id, TELEPAYMENT_SCHEDULED, TELEPAYMENT_COLLECTING).await
}

/// A scheduled telepayment that will not be collected (its amount was replaced by a delay's
/// instalments); false when the collection job claimed it first.
pub async fn cancel_scheduled_telepayment(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<bool, DbErr> {
    move_telepayment(db, id, TELEPAYMENT_SCHEDULED, TELEPAYMENT_CANCELLED).await
}

/// A claimed telepayment that cannot be collected after all.
pub async fn cancel_collecting_telepayment(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<bool, DbErr> {
    move_telepayment(db, id, TELEPAYMENT_COLLECTING, TELEPAYMENT_CANCELLED).await
}

pub async fn mark_telepayment_collected(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    move_telepayment(db, id, TELEPAYMENT_COLLECTING, TELEPAYMENT_COLLECTED).await?;
    Ok(())
}

/// Scheduled telepayment dates still to collect (the worker's list of candidate dates).
pub async fn scheduled_collection_dates(
    db: &impl ConnectionTrait,
    up_to: NaiveDate,
) -> Result<Vec<NaiveDate>, DbErr> {
    let mut dates: Vec<NaiveDate> = telepayment::Entity::find()
        .filter(telepayment::Column::Status.eq(TELEPAYMENT_SCHEDULED))
        .filter(telepayment::Column::CollectionDate.lte(up_to))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.collection_date)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    Ok(dates)
}

// ---- Debits and bank files -------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebitRow {
    pub id: i64,
    pub end_to_end_id: String,
    pub source_kind: String,
    pub source_id: i64,
    pub account_id: i64,
    pub mandate_id: i64,
    pub amount_due_id: i64,
    pub amount: Cents,
    pub collection_date: NaiveDate,
    pub sequence_type: String,
    pub bank_file_id: Option<i64>,
}

impl From<sepa_debit::Model> for DebitRow {
    fn from(m: sepa_debit::Model) -> Self {
        DebitRow {
            id: m.id,
            end_to_end_id: m.end_to_end_id,
            source_kind: m.source_kind,
            source_id: m.source_id,
            account_id: m.contributor_account_id,
            mandate_id: m.mandate_id,
            amount_due_id: m.amount_due_id,
            amount: Cents(m.amount_cents),
            collection_date: m.collection_date,
            sequence_type: m.sequence_type,
            bank_file_id: m.bank_file_id,
        }
    }
}

pub struct NewDebit<'a> {
    pub end_to_end_id: &'a str,
    pub source_kind: &'a str,
    pub source_id: i64,
    pub account_id: i64,
    pub mandate_id: i64,
    pub amount_due_id: i64,
    pub amount: Cents,
    pub collection_date: NaiveDate,
    pub sequence_type: &'a str,
}

/// Records a debit once per source (`ON CONFLICT DO NOTHING` on the UNIQUE source).
pub async fn insert_debit(
    db: &impl ConnectionTrait,
    n: NewDebit<'_>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = sepa_debit::ActiveModel {
        end_to_end_id: Set(n.end_to_end_id.to_owned()),
        source_kind: Set(n.source_kind.to_owned()),
        source_id: Set(n.source_id),
        contributor_account_id: Set(n.account_id),
        mandate_id: Set(n.mandate_id),
        amount_due_id: Set(n.amount_due_id),
        amount_cents: Set(n.amount.get()),
        collection_date: Set(n.collection_date),
        sequence_type: Set(n.sequence_type.to_owned()),
        bank_file_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    };
    let n = sepa_debit::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([sepa_debit::Column::SourceKind, sepa_debit::Column::SourceId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(n == 1)
}

/// Debits of an amount due on automatic debit already recorded (by amount due).
pub async fn direct_debits_of_account(
    db: &impl ConnectionTrait,
    account_id: i64,
) -> Result<Vec<DebitRow>, DbErr> {
    Ok(sepa_debit::Entity::find()
        .filter(sepa_debit::Column::ContributorAccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .map(DebitRow::from)
        .collect())
}

/// Whether the mandate was debited before `date` (FRST or RCUR).
pub async fn mandate_debited_before(
    db: &impl ConnectionTrait,
    mandate_id: i64,
    date: NaiveDate,
) -> Result<bool, DbErr> {
    Ok(sepa_debit::Entity::find()
        .filter(sepa_debit::Column::MandateId.eq(mandate_id))
        .filter(sepa_debit::Column::CollectionDate.lt(date))
        .one(db)
        .await?
        .is_some())
}

/// Claims the next bank file of a collection date and sequence type with one INSERT (UNIQUE on
/// date, sequence and part); `None` when another process claimed it first. Call it first in the
/// transaction that fills the file. A second part exists only for debits recorded after the
/// first file was made.
pub async fn claim_bank_file(
    db: &impl ConnectionTrait,
    message_id: &str,
    collection_date: NaiveDate,
    sequence_type: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DbErr> {
    use sea_orm::sea_query::{Func, Query};
    // INSERT … SELECT the next part number … ON CONFLICT DO NOTHING: one statement, no read
    // before it in the transaction.
    let next_part = Expr::expr(Func::coalesce([
        Func::max(Expr::col(bank_file::Column::Part)).into(),
        Expr::val(0).into(),
    ]))
    .add(1);
    let select = Query::select()
        .expr(Expr::val(message_id))
        .expr(Expr::val(collection_date))
        .expr(Expr::val(sequence_type))
        .expr(next_part)
        .expr(Expr::val(0))
        .expr(Expr::val(0i64))
        .expr(Expr::val(""))
        .expr(Expr::val(now))
        .from(bank_file::Entity)
        .and_where(Expr::col(bank_file::Column::CollectionDate).eq(collection_date))
        .and_where(Expr::col(bank_file::Column::SequenceType).eq(sequence_type))
        .to_owned();
    let insert = Query::insert()
        .into_table(bank_file::Entity)
        .columns([
            bank_file::Column::MessageId,
            bank_file::Column::CollectionDate,
            bank_file::Column::SequenceType,
            bank_file::Column::Part,
            bank_file::Column::Transactions,
            bank_file::Column::ControlSumCents,
            bank_file::Column::Content,
            bank_file::Column::CreatedAt,
        ])
        .select_from(select)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::columns([
                bank_file::Column::CollectionDate,
                bank_file::Column::SequenceType,
                bank_file::Column::Part,
            ])
            .do_nothing()
            .to_owned(),
        )
        .to_owned();
    let res = db.execute(db.get_database_backend().build(&insert)).await?;
    if res.rows_affected() != 1 {
        return Ok(None);
    }
    Ok(bank_file::Entity::find()
        .filter(bank_file::Column::MessageId.eq(message_id))
        .one(db)
        .await?
        .map(|f| f.id))
}

/// Attaches the unfiled debits of a date and sequence to a file and returns them.
pub async fn attach_debits(
    db: &impl ConnectionTrait,
    file_id: i64,
    collection_date: NaiveDate,
    sequence_type: &str,
) -> Result<Vec<DebitRow>, DbErr> {
    sepa_debit::Entity::update_many()
        .col_expr(sepa_debit::Column::BankFileId, Expr::value(file_id))
        .filter(sepa_debit::Column::CollectionDate.eq(collection_date))
        .filter(sepa_debit::Column::SequenceType.eq(sequence_type))
        .filter(sepa_debit::Column::BankFileId.is_null())
        .exec(db)
        .await?;
    Ok(sepa_debit::Entity::find()
        .filter(sepa_debit::Column::BankFileId.eq(file_id))
        .order_by_asc(sepa_debit::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(DebitRow::from)
        .collect())
}

pub async fn fill_bank_file(
    db: &impl ConnectionTrait,
    file_id: i64,
    transactions: i32,
    control_sum: Cents,
    content: &str,
) -> Result<(), DbErr> {
    bank_file::Entity::update_many()
        .col_expr(bank_file::Column::Transactions, Expr::value(transactions))
        .col_expr(
            bank_file::Column::ControlSumCents,
            Expr::value(control_sum.get()),
        )
        .col_expr(bank_file::Column::Content, Expr::value(content))
        .filter(bank_file::Column::Id.eq(file_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Unfiled debits, by collection date and sequence type.
pub async fn unfiled_batches(
    db: &impl ConnectionTrait,
    up_to: NaiveDate,
) -> Result<Vec<(NaiveDate, String)>, DbErr> {
    let mut keys: Vec<(NaiveDate, String)> = sepa_debit::Entity::find()
        .filter(sepa_debit::Column::BankFileId.is_null())
        .filter(sepa_debit::Column::CollectionDate.lte(up_to))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.collection_date, d.sequence_type))
        .collect();
    keys.sort();
    keys.dedup();
    Ok(keys)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankFileRow {
    pub id: i64,
    pub message_id: String,
    pub collection_date: NaiveDate,
    pub sequence_type: String,
    pub transactions: i32,
    pub control_sum: Cents,
    pub created_at: DateTime<Utc>,
}

/// Produced files, newest collection first (without their content).
pub async fn list_bank_files(db: &impl ConnectionTrait) -> Result<Vec<BankFileRow>, DbErr> {
    Ok(bank_file::Entity::find()
        .order_by_desc(bank_file::Column::CollectionDate)
        .order_by_asc(bank_file::Column::SequenceType)
        .all(db)
        .await?
        .into_iter()
        .map(|f| BankFileRow {
            id: f.id,
            message_id: f.message_id,
            collection_date: f.collection_date,
            sequence_type: f.sequence_type,
            transactions: f.transactions,
            control_sum: Cents(f.control_sum_cents),
            created_at: f.created_at,
        })
        .collect())
}

/// A file's name and XML content.
pub async fn bank_file_content(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<(String, String)>, DbErr> {
    Ok(bank_file::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|f| (f.message_id, f.content)))
}
