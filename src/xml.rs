//! EDGAR ownership XML (`ownershipDocument`, every schema version from X0202
//! on) in and out.
//!
//! Reading follows `corpus/tools/truth.py` rule for rule, so a filing read
//! here equals the ground truth the corpus derives from the same XML: values
//! trimmed with inner whitespace collapsed, dates cut to `YYYY-MM-DD` (the
//! `-05:00` suffix some filers add is dropped), numbers without separators,
//! booleans from `0`/`1`/`true`/`false`, footnote ids per field, holdings and
//! transactions in separate lists, check boxes the form prints but the XML
//! leaves out read as unchecked.
//!
//! One table of row fields (`RowField`) drives both directions, so what is
//! read and what is written cannot drift apart.

use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::model::{Document, Extraction, FieldEntry, Filing, Method, Source};

/// The root element of an EDGAR ownership filing.
const ROOT: &str = "ownershipDocument";

/// The schema version from which Forms 4 and 5 print the Rule 10b5-1(c) box
/// (an absent `aff10b5One` is then an unchecked box). EDGAR versions compare
/// as strings.
const FIRST_SCHEMA_WITH_10B5_1_BOX: &str = "X0508";

/// The schema version written when the filing has no 10b5-1 box: the last
/// one without it.
const SCHEMA_WITHOUT_10B5_1_BOX: &str = "X0306";

/// How an element's text becomes a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    Date,
    Num,
    Bool,
}

/// One field of a table row: where it sits in the row element.
#[derive(Debug, Clone, Copy)]
enum RowField {
    /// `<xml><value>…</value><footnoteId id=".."/></xml>`, keyed `key`.
    Cell { key: &'static str, xml: &'static str, kind: Kind },
    /// A wrapper element holding further fields (`transactionAmounts`, …).
    Group { xml: &'static str, fields: &'static [RowField] },
    /// `<transactionCoding>`: bare `transactionCode` and `equitySwapInvolved`;
    /// footnotes on the coding or on `<transactionTimeliness>` (printed in the
    /// adjacent "V" cell) both count as footnotes of `transactionCode`.
    Coding,
}

const fn cell(key: &'static str, xml: &'static str, kind: Kind) -> RowField {
    RowField::Cell { key, xml, kind }
}

const SECURITY_TITLE: RowField = cell("securityTitle", "securityTitle", Kind::Str);
const CONVERSION_PRICE: RowField = cell("conversionOrExercisePrice", "conversionOrExercisePrice", Kind::Num);
const TRANSACTION_DATE: RowField = cell("transactionDate", "transactionDate", Kind::Date);
const DEEMED_DATE: RowField = cell("deemedExecutionDate", "deemedExecutionDate", Kind::Date);
const AMOUNTS: RowField = RowField::Group {
    xml: "transactionAmounts",
    fields: &[
        cell("shares", "transactionShares", Kind::Num),
        cell("pricePerShare", "transactionPricePerShare", Kind::Num),
        cell("acquiredDisposedCode", "transactionAcquiredDisposedCode", Kind::Str),
    ],
};
const EXERCISE_DATE: RowField = cell("exerciseDate", "exerciseDate", Kind::Date);
const EXPIRATION_DATE: RowField = cell("expirationDate", "expirationDate", Kind::Date);
const UNDERLYING: RowField = RowField::Group {
    xml: "underlyingSecurity",
    fields: &[
        cell("underlyingSecurityTitle", "underlyingSecurityTitle", Kind::Str),
        cell("underlyingSecurityShares", "underlyingSecurityShares", Kind::Num),
    ],
};
const POST_AMOUNTS: RowField = RowField::Group {
    xml: "postTransactionAmounts",
    fields: &[cell("sharesOwnedFollowingTransaction", "sharesOwnedFollowingTransaction", Kind::Num)],
};
const NATURE: RowField = RowField::Group {
    xml: "ownershipNature",
    fields: &[
        cell("directOrIndirectOwnership", "directOrIndirectOwnership", Kind::Str),
        cell("natureOfOwnership", "natureOfOwnership", Kind::Str),
    ],
};

/// Row layouts in the EDGAR schema's element order.
const NON_DERIVATIVE_TRANSACTION: &[RowField] =
    &[SECURITY_TITLE, TRANSACTION_DATE, DEEMED_DATE, RowField::Coding, AMOUNTS, POST_AMOUNTS, NATURE];
const NON_DERIVATIVE_HOLDING: &[RowField] = &[SECURITY_TITLE, POST_AMOUNTS, NATURE];
const DERIVATIVE_TRANSACTION: &[RowField] = &[
    SECURITY_TITLE,
    CONVERSION_PRICE,
    TRANSACTION_DATE,
    DEEMED_DATE,
    RowField::Coding,
    AMOUNTS,
    EXERCISE_DATE,
    EXPIRATION_DATE,
    UNDERLYING,
    POST_AMOUNTS,
    NATURE,
];
const DERIVATIVE_HOLDING: &[RowField] =
    &[SECURITY_TITLE, CONVERSION_PRICE, EXERCISE_DATE, EXPIRATION_DATE, UNDERLYING, POST_AMOUNTS, NATURE];

/// One of the two tables: its JSON key, XML element, and row kinds.
struct TableSpec {
    key: &'static str,
    xml: &'static str,
    transaction: (&'static str, &'static [RowField]),
    holding: (&'static str, &'static [RowField]),
}

const TABLES: [TableSpec; 2] = [
    TableSpec {
        key: "nonDerivativeTable",
        xml: "nonDerivativeTable",
        transaction: ("nonDerivativeTransaction", NON_DERIVATIVE_TRANSACTION),
        holding: ("nonDerivativeHolding", NON_DERIVATIVE_HOLDING),
    },
    TableSpec {
        key: "derivativeTable",
        xml: "derivativeTable",
        transaction: ("derivativeTransaction", DERIVATIVE_TRANSACTION),
        holding: ("derivativeHolding", DERIVATIVE_HOLDING),
    },
];

/// Row elements the contract has no field for (a dollar value reported
/// instead of a share count). Their presence is reported as a warning.
const UNMODELLED_ROW_ELEMENTS: [(&str, &str); 3] = [
    ("transactionAmounts", "transactionTotalValue"),
    ("underlyingSecurity", "underlyingSecurityValue"),
    ("postTransactionAmounts", "valueOwnedFollowingTransaction"),
];

/// Reporting-owner address fields: (JSON key, XML element).
const ADDRESS: [(&str, &str); 5] = [
    ("street1", "rptOwnerStreet1"),
    ("street2", "rptOwnerStreet2"),
    ("city", "rptOwnerCity"),
    ("state", "rptOwnerState"),
    ("zipCode", "rptOwnerZipCode"),
];

/// Relationship check boxes (JSON key = XML element); absent means unchecked.
const RELATIONSHIP_FLAGS: [&str; 4] = ["isDirector", "isOfficer", "isTenPercentOwner", "isOther"];
/// Relationship texts (JSON key = XML element).
const RELATIONSHIP_TEXTS: [&str; 2] = ["officerTitle", "otherText"];

/// Check boxes of one form only: (JSON key = XML element, form number).
const FORM_SPECIFIC_BOXES: [(&str, &str); 3] =
    [("noSecuritiesOwned", "3"), ("form3HoldingsReported", "5"), ("form4TransactionsReported", "5")];

// ------------------------------------------------------------------ reading

/// Read an ownershipDocument XML (or an SGML `.txt` submission holding one)
/// into the filing's data part. Warnings name what the contract cannot hold.
pub fn parse_filing(bytes: &[u8]) -> Result<(Filing, Vec<String>), Error> {
    let text = decode(bytes);
    let owned;
    let xml_text = match roxmltree::Document::parse(&text) {
        Ok(doc) if doc.root_element().tag_name().name() == ROOT => text.as_ref(),
        _ => {
            owned = embedded_document(&text)?;
            owned.as_str()
        }
    };
    let doc = roxmltree::Document::parse(xml_text).map_err(|e| Error::Unreadable(format!("invalid XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != ROOT {
        return Err(Error::NotAForm(format!("root element is <{}>, not <{ROOT}>", root.tag_name().name())));
    }
    let mut warnings = Vec::new();
    let data = read_data(root, &mut warnings);
    let filing = serde_json::from_value(data)
        .map_err(|e| Error::Internal(format!("the XML reader built a value the model rejects: {e}")))?;
    Ok((filing, warnings))
}

/// Read an ownership XML into a full output document: `method` "xml", every
/// leaf listed in `extraction.fields` at confidence 1 without page or box.
pub fn document_from_xml(bytes: &[u8], file_name: &str) -> Result<Document, Error> {
    let (filing, warnings) = parse_filing(bytes)?;
    let fields = leaf_pointers(&filing)
        .into_iter()
        .map(|path| FieldEntry { path, confidence: 1.0, page: None, bbox: None, text: None })
        .collect();
    let Source { file, sha256, .. } = crate::output::source(bytes, file_name, 0);
    Ok(Document {
        filing,
        extraction: Extraction {
            source: Source { file, sha256, pages: 0 },
            method: Method::Xml,
            confidence: 1.0,
            fields,
            warnings,
        },
    })
}

/// UTF-8 text of the input (a byte-order mark dropped); bytes that are not
/// UTF-8 are read as Latin-1, the other encoding EDGAR filers use.
fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => bytes.iter().map(|&b| b as char).collect::<String>().into(),
    }
}

/// The `<ownershipDocument>…</ownershipDocument>` inside an SGML submission
/// (`<XML>` section of a `.txt`) or after junk.
fn embedded_document(text: &str) -> Result<String, Error> {
    let open = format!("<{ROOT}");
    let close = format!("</{ROOT}>");
    match (text.find(&open), text.rfind(&close)) {
        (Some(start), Some(end)) if end > start => Ok(text[start..end + close.len()].to_string()),
        _ => Err(Error::NotAForm(format!("no <{ROOT}> element found"))),
    }
}

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

/// First child element with this local name (namespaces ignored).
fn child<'a, 'i>(el: Option<Node<'a, 'i>>, name: &str) -> Option<Node<'a, 'i>> {
    el?.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

/// First element along a path of local names.
fn path<'a, 'i>(el: Option<Node<'a, 'i>>, names: &[&str]) -> Option<Node<'a, 'i>> {
    names.iter().fold(el, |el, name| child(el, name))
}

fn children<'a, 'i>(el: Option<Node<'a, 'i>>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    el.into_iter().flat_map(move |el| el.children().filter(move |c| c.is_element() && c.tag_name().name() == name))
}

/// Trimmed, inner whitespace collapsed; empty becomes `None`.
fn collapse(text: &str) -> Option<String> {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

/// All text inside an element, collapsed.
fn element_text(el: Option<Node>) -> Option<String> {
    let text: String = el?.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    collapse(&text)
}

/// The text before the element's first child element (ElementTree's `.text`).
fn leading_text(el: Node) -> String {
    el.children().take_while(|n| !n.is_element()).filter_map(|n| n.text()).collect()
}

fn parse_value(raw: &str, kind: Kind, warnings: &mut Vec<String>) -> Value {
    let Some(text) = collapse(raw) else { return Value::Null };
    match kind {
        Kind::Str => Value::String(text),
        Kind::Date => Value::String(date_prefix(&text).unwrap_or_else(|| {
            warnings.push(format!("unparsable date {text:?} kept as written"));
            text.clone()
        })),
        Kind::Num => match parse_number(&text) {
            Some(n) => json!(n),
            None => {
                warnings.push(format!("unparsable number {text:?} left empty"));
                Value::Null
            }
        },
        Kind::Bool => match text.to_lowercase().as_str() {
            "1" | "true" | "y" | "yes" | "x" => Value::Bool(true),
            "0" | "false" | "n" | "no" => Value::Bool(false),
            _ => {
                warnings.push(format!("unparsable boolean {text:?} left empty"));
                Value::Null
            }
        },
    }
}

/// `2024-07-19`, `2024-07-19-05:00`, `2024-07-19Z` → `2024-07-19`.
fn date_prefix(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let shape_ok = date.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    shape_ok.then(|| date.to_string())
}

/// Decimal text with `,` and `$` allowed.
fn parse_number(text: &str) -> Option<serde_json::Number> {
    let cleaned: String = text.chars().filter(|c| !matches!(c, ',' | '$')).collect();
    // `model::Number` prints whole values without a fraction.
    cleaned.trim().parse().ok().and_then(serde_json::Number::from_f64)
}

/// Footnote ids of an element's own `<footnoteId>` children, first use first.
fn footnote_ids(el: Option<Node>, into: &mut Vec<String>) {
    for id in children(el, "footnoteId").filter_map(|f| f.attribute("id").and_then(collapse)) {
        if !into.contains(&id) {
            into.push(id);
        }
    }
}

/// A bare element's value.
fn plain(el: Option<Node>, kind: Kind, warnings: &mut Vec<String>) -> Value {
    match el {
        Some(_) => parse_value(&element_text(el).unwrap_or_default(), kind, warnings),
        None => Value::Null,
    }
}

fn read_row(row_el: Node, layout: &[RowField], warnings: &mut Vec<String>) -> Value {
    let mut row = Map::new();
    let mut notes = Map::new();
    read_fields(Some(row_el), row_el, layout, &mut row, &mut notes, warnings);
    for (group, element) in UNMODELLED_ROW_ELEMENTS {
        if path(Some(row_el), &[group, element]).is_some() {
            warnings.push(format!("<{element}> is not part of the output contract and was left out"));
        }
    }
    row.insert("footnoteIds".into(), Value::Object(notes));
    Value::Object(row)
}

fn read_fields(
    parent: Option<Node>,
    row_el: Node,
    fields: &[RowField],
    row: &mut Map<String, Value>,
    notes: &mut Map<String, Value>,
    warnings: &mut Vec<String>,
) {
    for field in fields {
        match *field {
            RowField::Cell { key, xml, kind } => {
                let el = child(parent, xml);
                let value = match el {
                    Some(el) => match child(Some(el), "value") {
                        Some(v) => {
                            let raw: String =
                                v.descendants().filter_map(|n| n.is_text().then(|| n.text()).flatten()).collect();
                            parse_value(&raw, kind, warnings)
                        }
                        None => parse_value(&leading_text(el), kind, warnings),
                    },
                    None => Value::Null,
                };
                row.insert(key.into(), value);
                let mut ids = Vec::new();
                footnote_ids(el, &mut ids);
                if !ids.is_empty() {
                    notes.insert(key.into(), json!(ids));
                }
            }
            RowField::Group { xml, fields } => read_fields(child(parent, xml), row_el, fields, row, notes, warnings),
            RowField::Coding => {
                let coding = child(Some(row_el), "transactionCoding");
                row.insert("transactionCode".into(), plain(child(coding, "transactionCode"), Kind::Str, warnings));
                row.insert(
                    "equitySwapInvolved".into(),
                    plain(child(coding, "equitySwapInvolved"), Kind::Bool, warnings),
                );
                let mut ids = Vec::new();
                footnote_ids(coding, &mut ids);
                footnote_ids(child(Some(row_el), "transactionTimeliness"), &mut ids);
                if !ids.is_empty() {
                    notes.insert("transactionCode".into(), json!(ids));
                }
            }
        }
    }
}

fn read_table(root: Node, spec: &TableSpec, warnings: &mut Vec<String>) -> Value {
    let (mut transactions, mut holdings) = (Vec::new(), Vec::new());
    for el in child(Some(root), spec.xml).into_iter().flat_map(|t| t.children().filter(|c| c.is_element())) {
        let name = el.tag_name().name();
        if name == spec.transaction.0 {
            transactions.push(read_row(el, spec.transaction.1, warnings));
        } else if name == spec.holding.0 {
            holdings.push(read_row(el, spec.holding.1, warnings));
        }
    }
    json!({ "transactions": transactions, "holdings": holdings })
}

fn read_owner(el: Node, warnings: &mut Vec<String>) -> Value {
    let address = path(Some(el), &["reportingOwnerAddress"]);
    let relationship = child(Some(el), "reportingOwnerRelationship");
    let mut rel = Map::new();
    for flag in RELATIONSHIP_FLAGS {
        let checked = plain(child(relationship, flag), Kind::Bool, warnings).as_bool().unwrap_or(false);
        rel.insert(flag.into(), Value::Bool(checked));
    }
    for key in RELATIONSHIP_TEXTS {
        rel.insert(key.into(), plain(child(relationship, key), Kind::Str, warnings));
    }
    let addr: Map<String, Value> =
        ADDRESS.iter().map(|(key, xml)| (key.to_string(), plain(child(address, xml), Kind::Str, warnings))).collect();
    json!({
        "name": plain(path(Some(el), &["reportingOwnerId", "rptOwnerName"]), Kind::Str, warnings),
        "address": addr,
        "relationship": rel,
    })
}

/// The form number of a document type: "4/A" → "4".
fn form_number(document_type: Option<&str>) -> &str {
    document_type.unwrap_or("").split('/').next().unwrap_or("").trim()
}

fn read_data(root: Node, warnings: &mut Vec<String>) -> Value {
    let top = |name: &str| child(Some(root), name);
    let document_type = plain(top("documentType"), Kind::Str, warnings);
    let form = form_number(document_type.as_str()).to_string();
    let mut checkbox = |name: &str| match plain(top(name), Kind::Bool, warnings) {
        Value::Null => Value::Bool(false),
        checked => checked,
    };
    let not_subject = if form == "3" { Value::Null } else { checkbox("notSubjectToSection16") };
    let extras: Vec<(&str, Value)> =
        FORM_SPECIFIC_BOXES.iter().filter(|(_, f)| *f == form).map(|(name, _)| (*name, checkbox(name))).collect();
    let aff10b5_one = if form == "3" {
        Value::Null
    } else {
        match plain(top("aff10b5One"), Kind::Bool, warnings) {
            Value::Null => {
                let version = element_text(top("schemaVersion")).unwrap_or_default();
                let has_box = top("aff10b5One").is_some() || version.as_str() >= FIRST_SCHEMA_WITH_10B5_1_BOX;
                if has_box { Value::Bool(false) } else { Value::Null }
            }
            value => value,
        }
    };
    let mut data = json!({
        "documentType": document_type,
        "periodOfReport": plain(top("periodOfReport"), Kind::Date, warnings),
        "dateOfOriginalSubmission": plain(top("dateOfOriginalSubmission"), Kind::Date, warnings),
        "notSubjectToSection16": not_subject,
        "aff10b5One": aff10b5_one,
        "issuer": {
            "name": plain(path(top("issuer"), &["issuerName"]), Kind::Str, warnings),
            "tradingSymbol": plain(path(top("issuer"), &["issuerTradingSymbol"]), Kind::Str, warnings),
        },
        "reportingOwners": children(Some(root), "reportingOwner").map(|el| read_owner(el, warnings)).collect::<Vec<_>>(),
        "footnotes": children(top("footnotes"), "footnote")
            .map(|el| json!({
                "id": el.attribute("id").and_then(collapse).unwrap_or_default(),
                "text": element_text(Some(el)).unwrap_or_default(),
            }))
            .collect::<Vec<_>>(),
        "remarks": plain(top("remarks"), Kind::Str, warnings),
        "signatures": children(Some(root), "ownerSignature")
            .map(|el| json!({
                "name": plain(child(Some(el), "signatureName"), Kind::Str, warnings),
                "date": plain(child(Some(el), "signatureDate"), Kind::Date, warnings),
            }))
            .collect::<Vec<_>>(),
    });
    let object = data.as_object_mut().expect("built as an object");
    for spec in &TABLES {
        object.insert(spec.key.into(), read_table(root, spec, warnings));
    }
    object.extend(extras.into_iter().map(|(k, v)| (k.to_string(), v)));
    data
}

/// JSON Pointers (RFC 6901) of every leaf of the data part: scalars (nulls
/// included) and each non-empty footnote-id list as a whole.
pub fn leaf_pointers(filing: &Filing) -> Vec<String> {
    fn walk(value: &Value, pointer: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    if key == "footnoteIds" {
                        if let Value::Object(notes) = v {
                            out.extend(notes.keys().map(|k| format!("{child}/{k}")));
                        }
                    } else {
                        walk(v, &child, out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &format!("{pointer}/{i}"), out);
                }
            }
            _ => out.push(pointer.to_string()),
        }
    }
    let value = serde_json::to_value(filing).expect("the model always serializes");
    let mut out = Vec::new();
    walk(&value, "", &mut out);
    out
}

// ------------------------------------------------------------------ writing

/// An XML writer that indents nested elements.
struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    fn open(&mut self, name: &str) {
        self.indent();
        self.out.push_str(&format!("<{name}>\n"));
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        self.indent();
        self.out.push_str(&format!("</{name}>\n"));
    }

    fn text(&mut self, name: &str, text: &str) {
        self.indent();
        self.out.push_str(&format!("<{name}>{}</{name}>\n", escape(text)));
    }

    fn empty(&mut self, name: &str, attribute: (&str, &str)) {
        self.indent();
        self.out.push_str(&format!("<{name} {}=\"{}\"/>\n", attribute.0, escape(attribute.1)));
    }

    fn indent(&mut self) {
        self.out.push_str(&"    ".repeat(self.depth));
    }

    /// `<name>text</name>` for a non-null value; nothing for null.
    fn value(&mut self, name: &str, value: &Value) {
        if let Some(text) = value_text(value) {
            self.text(name, &text);
        }
    }
}

/// Text with the XML markup characters escaped (for content and attributes).
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The XML text of a JSON leaf; `None` for null.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "1" } else { "0" }.to_string()),
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Whether any of these row fields has a value or a footnote in `row`.
fn has_content(fields: &[RowField], row: &Value) -> bool {
    fields.iter().any(|field| match *field {
        RowField::Cell { key, .. } => !row[key].is_null() || row["footnoteIds"].get(key).is_some(),
        RowField::Group { fields, .. } => has_content(fields, row),
        RowField::Coding => true,
    })
}

fn write_fields(w: &mut Writer, fields: &[RowField], row: &Value, form: &str) {
    let notes = |key: &str| -> Vec<String> {
        row["footnoteIds"].get(key).and_then(Value::as_array).into_iter().flatten().filter_map(value_text).collect()
    };
    for field in fields {
        match *field {
            RowField::Cell { key, xml, .. } => {
                let ids = notes(key);
                if row[key].is_null() && ids.is_empty() {
                    continue;
                }
                w.open(xml);
                w.value("value", &row[key]);
                for id in &ids {
                    w.empty("footnoteId", ("id", id));
                }
                w.close(xml);
            }
            RowField::Group { xml, fields } => {
                if has_content(fields, row) {
                    w.open(xml);
                    write_fields(w, fields, row, form);
                    w.close(xml);
                }
            }
            RowField::Coding => {
                w.open("transactionCoding");
                w.text("transactionFormType", form);
                w.value("transactionCode", &row["transactionCode"]);
                w.value("equitySwapInvolved", &row["equitySwapInvolved"]);
                for id in notes("transactionCode") {
                    w.empty("footnoteId", ("id", &id));
                }
                w.close("transactionCoding");
            }
        }
    }
}

/// The filing as an EDGAR ownershipDocument XML. Reading it back with
/// [`parse_filing`] gives the same filing. Identifiers the page does not show
/// (CIKs) are left out.
pub fn to_ownership_xml(filing: &Filing) -> String {
    let data = serde_json::to_value(filing).expect("the model always serializes");
    let form = form_number(filing.document_type.as_deref()).to_string();
    let mut w = Writer { out: String::from("<?xml version=\"1.0\"?>\n"), depth: 0 };
    w.open(ROOT);
    let version = if filing.aff10b5_one.is_some() || form == "3" {
        FIRST_SCHEMA_WITH_10B5_1_BOX
    } else {
        SCHEMA_WITHOUT_10B5_1_BOX
    };
    w.text("schemaVersion", version);
    for key in ["documentType", "periodOfReport", "dateOfOriginalSubmission"] {
        w.value(key, &data[key]);
    }
    for key in ["noSecuritiesOwned", "notSubjectToSection16", "form3HoldingsReported", "form4TransactionsReported"] {
        w.value(key, &data[key]);
    }
    w.open("issuer");
    w.value("issuerName", &data["issuer"]["name"]);
    w.value("issuerTradingSymbol", &data["issuer"]["tradingSymbol"]);
    w.close("issuer");
    for owner in data["reportingOwners"].as_array().into_iter().flatten() {
        w.open("reportingOwner");
        w.open("reportingOwnerId");
        w.value("rptOwnerName", &owner["name"]);
        w.close("reportingOwnerId");
        w.open("reportingOwnerAddress");
        for (key, xml) in ADDRESS {
            w.value(xml, &owner["address"][key]);
        }
        w.close("reportingOwnerAddress");
        w.open("reportingOwnerRelationship");
        for key in RELATIONSHIP_FLAGS.iter().chain(&RELATIONSHIP_TEXTS) {
            w.value(key, &owner["relationship"][key]);
        }
        w.close("reportingOwnerRelationship");
        w.close("reportingOwner");
    }
    w.value("aff10b5One", &data["aff10b5One"]);
    for spec in &TABLES {
        let table = &data[spec.key];
        let rows = |list: &str| table[list].as_array().cloned().unwrap_or_default();
        let (transactions, holdings) = (rows("transactions"), rows("holdings"));
        if transactions.is_empty() && holdings.is_empty() {
            continue;
        }
        w.open(spec.xml);
        for (rows, (element, layout)) in [(transactions, spec.transaction), (holdings, spec.holding)] {
            for row in &rows {
                w.open(element);
                write_fields(&mut w, layout, row, &form);
                w.close(element);
            }
        }
        w.close(spec.xml);
    }
    if !filing.footnotes.is_empty() {
        w.open("footnotes");
        for note in &filing.footnotes {
            w.indent();
            w.out.push_str(&format!("<footnote id=\"{}\">{}</footnote>\n", escape(&note.id), escape(&note.text)));
        }
        w.close("footnotes");
    }
    w.value("remarks", &data["remarks"]);
    for signature in data["signatures"].as_array().into_iter().flatten() {
        w.open("ownerSignature");
        w.value("signatureName", &signature["name"]);
        w.value("signatureDate", &signature["date"]);
        w.close("ownerSignature");
    }
    w.close(ROOT);
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_lose_their_zone_suffix() {
        let mut warnings = Vec::new();
        assert_eq!(parse_value(" 2024-07-19-05:00 ", Kind::Date, &mut warnings), json!("2024-07-19"));
        assert_eq!(parse_value("2024-07-19Z", Kind::Date, &mut warnings), json!("2024-07-19"));
        assert!(warnings.is_empty());
    }

    #[test]
    fn numbers_drop_separators() {
        let mut warnings = Vec::new();
        assert_eq!(parse_value("$1,234.50", Kind::Num, &mut warnings), json!(1234.5));
        assert_eq!(parse_value("0.00", Kind::Num, &mut warnings), json!(0.0));
        assert_eq!(parse_value("abc", Kind::Num, &mut warnings), Value::Null);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn booleans_accept_digits_and_words() {
        let mut warnings = Vec::new();
        assert_eq!(parse_value("true", Kind::Bool, &mut warnings), json!(true));
        assert_eq!(parse_value("0", Kind::Bool, &mut warnings), json!(false));
        assert_eq!(parse_value(" ", Kind::Bool, &mut warnings), Value::Null);
    }

    #[test]
    fn sgml_submission_is_unwrapped() {
        let txt = "<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>4\n<TEXT>\n<XML>\n<?xml version=\"1.0\"?>\n<ownershipDocument><documentType>4</documentType></ownershipDocument>\n</XML>\n</TEXT>\n</DOCUMENT>\n";
        let (filing, _) = parse_filing(txt.as_bytes()).unwrap();
        assert_eq!(filing.document_type.as_deref(), Some("4"));
        assert_eq!(filing.not_subject_to_section16, Some(false));
        assert_eq!(filing.aff10b5_one, None);
    }

    #[test]
    fn other_xml_is_not_a_form() {
        let err = parse_filing(b"<html><body/></html>").unwrap_err();
        assert_eq!(err.kind(), "not-a-form");
        let err = parse_filing(b"\x00\x01 garbage").unwrap_err();
        assert_eq!(err.kind(), "not-a-form");
    }
}
