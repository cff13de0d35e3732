//! The output contract (`SCHEMA.md`, version 1): the filing's data part,
//! named after the EDGAR ownership XML, and the `extraction` part.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Footnote ids per field name, e.g. `{"shares": ["F1"]}`.
pub type FootnoteIds = BTreeMap<String, Vec<String>>;

/// A number as written on the form; whole values print without a fraction.
#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize)]
#[serde(transparent)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// Largest integer an f64 holds exactly.
        const MAX_EXACT: f64 = 9_007_199_254_740_992.0;
        if self.0.fract() == 0.0 && self.0.abs() < MAX_EXACT {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

/// One Form 3/4/5 as the page shows it.
#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filing {
    pub document_type: Option<String>,
    pub period_of_report: Option<String>,
    pub date_of_original_submission: Option<String>,
    pub not_subject_to_section16: Option<bool>,
    pub aff10b5_one: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub no_securities_owned: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub form3_holdings_reported: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub form4_transactions_reported: Option<bool>,
    pub issuer: Issuer,
    pub reporting_owners: Vec<ReportingOwner>,
    pub non_derivative_table: NonDerivativeTable,
    pub derivative_table: DerivativeTable,
    pub footnotes: Vec<Footnote>,
    pub remarks: Option<String>,
    pub signatures: Vec<Signature>,
}

impl Filing {
    /// The footnote marks of every table row, each with the row's JSON
    /// Pointer ("/derivativeTable/holdings/0").
    pub fn row_marks(&self) -> Vec<(String, &FootnoteIds)> {
        let (table, derivative) = (&self.non_derivative_table, &self.derivative_table);
        with_row_paths([
            ("nonDerivativeTable/transactions", table.transactions.iter().map(|r| &r.footnote_ids).collect()),
            ("nonDerivativeTable/holdings", table.holdings.iter().map(|r| &r.footnote_ids).collect()),
            ("derivativeTable/transactions", derivative.transactions.iter().map(|r| &r.footnote_ids).collect()),
            ("derivativeTable/holdings", derivative.holdings.iter().map(|r| &r.footnote_ids).collect()),
        ])
    }

    /// [`Filing::row_marks`], to change.
    pub fn row_marks_mut(&mut self) -> Vec<(String, &mut FootnoteIds)> {
        let (table, derivative) = (&mut self.non_derivative_table, &mut self.derivative_table);
        with_row_paths([
            ("nonDerivativeTable/transactions", table.transactions.iter_mut().map(|r| &mut r.footnote_ids).collect()),
            ("nonDerivativeTable/holdings", table.holdings.iter_mut().map(|r| &mut r.footnote_ids).collect()),
            ("derivativeTable/transactions", derivative.transactions.iter_mut().map(|r| &mut r.footnote_ids).collect()),
            ("derivativeTable/holdings", derivative.holdings.iter_mut().map(|r| &mut r.footnote_ids).collect()),
        ])
    }
}

/// Each table's rows with their JSON Pointers.
fn with_row_paths<T>(tables: [(&str, Vec<T>); 4]) -> Vec<(String, T)> {
    tables.into_iter().flat_map(|(table, rows)| rows.into_iter().enumerate().map(move |(i, row)| (format!("/{table}/{i}"), row))).collect()
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issuer {
    pub name: Option<String>,
    pub trading_symbol: Option<String>,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingOwner {
    pub name: Option<String>,
    pub address: Address,
    pub relationship: Relationship,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub street1: Option<String>,
    pub street2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub zip_code: Option<String>,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    pub is_director: Option<bool>,
    pub is_officer: Option<bool>,
    pub is_ten_percent_owner: Option<bool>,
    pub is_other: Option<bool>,
    pub officer_title: Option<String>,
    pub other_text: Option<String>,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NonDerivativeTable {
    pub transactions: Vec<NonDerivativeTransaction>,
    pub holdings: Vec<NonDerivativeHolding>,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DerivativeTable {
    pub transactions: Vec<DerivativeTransaction>,
    pub holdings: Vec<DerivativeHolding>,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NonDerivativeTransaction {
    pub security_title: Option<String>,
    pub transaction_date: Option<String>,
    pub deemed_execution_date: Option<String>,
    pub transaction_code: Option<String>,
    pub equity_swap_involved: Option<bool>,
    pub shares: Option<Number>,
    pub price_per_share: Option<Number>,
    pub acquired_disposed_code: Option<String>,
    pub shares_owned_following_transaction: Option<Number>,
    pub direct_or_indirect_ownership: Option<String>,
    pub nature_of_ownership: Option<String>,
    pub footnote_ids: FootnoteIds,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NonDerivativeHolding {
    pub security_title: Option<String>,
    pub shares_owned_following_transaction: Option<Number>,
    pub direct_or_indirect_ownership: Option<String>,
    pub nature_of_ownership: Option<String>,
    pub footnote_ids: FootnoteIds,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DerivativeTransaction {
    pub security_title: Option<String>,
    pub conversion_or_exercise_price: Option<Number>,
    pub transaction_date: Option<String>,
    pub deemed_execution_date: Option<String>,
    pub transaction_code: Option<String>,
    pub equity_swap_involved: Option<bool>,
    pub shares: Option<Number>,
    pub price_per_share: Option<Number>,
    pub acquired_disposed_code: Option<String>,
    pub exercise_date: Option<String>,
    pub expiration_date: Option<String>,
    pub underlying_security_title: Option<String>,
    pub underlying_security_shares: Option<Number>,
    pub shares_owned_following_transaction: Option<Number>,
    pub direct_or_indirect_ownership: Option<String>,
    pub nature_of_ownership: Option<String>,
    pub footnote_ids: FootnoteIds,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DerivativeHolding {
    pub security_title: Option<String>,
    pub conversion_or_exercise_price: Option<Number>,
    pub exercise_date: Option<String>,
    pub expiration_date: Option<String>,
    pub underlying_security_title: Option<String>,
    pub underlying_security_shares: Option<Number>,
    pub shares_owned_following_transaction: Option<Number>,
    pub direct_or_indirect_ownership: Option<String>,
    pub nature_of_ownership: Option<String>,
    pub footnote_ids: FootnoteIds,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    pub id: String,
    pub text: String,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub name: Option<String>,
    pub date: Option<String>,
}

/// How the values were read.
#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// From the PDF's text layer.
    Text,
    /// From OCR of page images.
    Ocr,
    /// From filled-in PDF form fields.
    FormFields,
    /// Text layer on some pages, OCR on others.
    Mixed,
    /// From an EDGAR ownership XML.
    Xml,
}

/// Where the values came from, and how sure we are of each.
#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub source: Source,
    pub method: Method,
    /// Probability that the whole document is right.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence: f64,
    pub fields: Vec<FieldEntry>,
    pub warnings: Vec<String>,
}

#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub sha256: String,
    pub pages: u32,
}

/// Provenance and confidence of one leaf of the data part.
#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldEntry {
    /// JSON Pointer (RFC 6901) into the data part.
    pub path: String,
    /// Probability in [0, 1] that the value is exactly right.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence: f64,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<[f64; 4]>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
}

/// The JSON object written for one filing: data part plus `extraction`.
#[derive(schemars::JsonSchema)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(flatten)]
    pub filing: Filing,
    pub extraction: Extraction,
}
