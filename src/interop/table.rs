//! An inventory as a table of text cells: read from CSV (the csv crate) or from one sheet of an
//! XLSX/XLS/ODS workbook (calamine), with the row number of each row as the user sees it in the
//! file or the spreadsheet program, so every problem can name its row and column.

use std::path::Path;

use thiserror::Error;

/// A header row and the rows under it. Every cell is trimmed text; a missing cell is empty.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Table {
    /// What the table was read from, for messages: the file name, and the sheet for a workbook.
    pub origin: String,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Rows that could not be read at all (bad text encoding, a broken quote), each with where.
    pub bad_rows: Vec<CellError>,
    /// For a workbook, the column letters of each header (`A`, `B`, ...); empty for CSV, where
    /// columns are numbered.
    pub letters: Vec<String>,
}

/// One data row.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Row {
    /// The row's number in the file (CSV: line of its first character, counting the header as
    /// line 1) or in the sheet (as the spreadsheet program numbers it).
    pub number: usize,
    pub cells: Vec<String>,
}

/// A problem with one row, and the column when it is one cell.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CellError {
    pub row: usize,
    /// The column's header and its letter or number, when the problem is one cell.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "row {}, column {c}: {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

#[derive(Debug, Error)]
pub enum TableError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error(
        "{path} has {} sheets ({}); choose one (on the command line: --sheet NAME)",
        sheets.len(),
        sheets.join(", ")
    )]
    ChooseSheet { path: String, sheets: Vec<String> },
    #[error("{path} has no sheet `{sheet}`; its sheets are: {}", sheets.join(", "))]
    NoSuchSheet {
        path: String,
        sheet: String,
        sheets: Vec<String>,
    },
    #[error("{path}: no header row (the file is empty)")]
    Empty { path: String },
    #[error(
        "{path}: unknown file type `{ext}`; an inventory is a .csv file or a workbook (.xlsx, .xlsm, .xls, .ods)"
    )]
    FileType { path: String, ext: String },
}

impl Table {
    /// `header (column N)` or `header (column C)` for messages.
    pub fn column_name(&self, i: usize) -> String {
        let header = self.headers.get(i).map_or("", String::as_str);
        match self.letters.get(i) {
            Some(l) => format!("`{header}` ({l})"),
            None => format!("`{header}` (column {})", i + 1),
        }
    }
}

/// Whether a path names a workbook calamine reads (by its extension).
pub fn is_workbook(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The sheets of a workbook in their order; a CSV file has none.
pub fn sheets(path: &Path) -> Result<Vec<String>, TableError> {
    if !is_workbook(path) {
        return Ok(Vec::new());
    }
    use calamine::Reader as _;
    let wb = calamine::open_workbook_auto(path).map_err(|e| read_error(path, &e))?;
    Ok(wb.sheet_names())
}

/// Reads a CSV file or one sheet of a workbook. A workbook with several sheets needs `sheet`.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, TableError> {
    if is_workbook(path) {
        return read_workbook(path, sheet);
    }
    match extension(path).as_str() {
        "csv" | "txt" | "tsv" | "" => {}
        ext => {
            return Err(TableError::FileType {
                path: path.display().to_string(),
                ext: ext.to_owned(),
            });
        }
    }
    let bytes = std::fs::read(path).map_err(|e| read_error(path, &e))?;
    read_csv(&bytes, &file_name(path))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn read_error(path: &Path, e: &dyn std::fmt::Display) -> TableError {
    TableError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The delimiter of a CSV file, from its header line: comma unless the header has more
/// semicolons or tabs (spreadsheets in many locales write `;`).
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    let (comma, semi, tab) = (count(b','), count(b';'), count(b'\t'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// Reads CSV text: a UTF-8 byte-order mark is dropped, Windows and Unix line ends both work,
/// quoted cells may hold the delimiter and line breaks. A row that is not UTF-8 text is listed
/// in [`Table::bad_rows`] with its line and the first bad column; the other rows are read.
pub fn read_csv(bytes: &[u8], origin: &str) -> Result<Table, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(bytes))
        .from_reader(bytes);
    let mut table = Table {
        origin: origin.to_owned(),
        ..Table::default()
    };
    let mut record = csv::ByteRecord::new();
    let mut header_seen = false;
    // Line numbers from byte offsets (the csv crate's own line count skips blank lines):
    // count the line ends between one record's start and the next.
    let (mut counted_to, mut counted_line) = (0_usize, 1_usize);
    let mut line_at = |byte: usize| {
        // A record's position may be the end of the one before, on its line end.
        let mut byte = byte.min(bytes.len());
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte >= counted_to {
            counted_line += bytes[counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = byte;
        }
        counted_line
    };
    loop {
        let line = line_at(reader.position().byte() as usize);
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e.position().map_or(line, |p| line_at(p.byte() as usize));
                table.bad_rows.push(CellError {
                    row,
                    column: None,
                    message: format!("cannot be read as CSV: {e}"),
                });
                continue;
            }
        }
        let number = record
            .position()
            .map_or(line, |p| line_at(p.byte() as usize));
        let mut cells = Vec::with_capacity(record.len());
        let mut bad = None;
        for (i, cell) in record.iter().enumerate() {
            match std::str::from_utf8(cell) {
                Ok(s) => cells.push(s.trim().to_owned()),
                Err(_) => {
                    bad.get_or_insert(i);
                    cells.push(String::new());
                }
            }
        }
        if !header_seen {
            if cells.iter().all(String::is_empty) {
                continue;
            }
            header_seen = true;
            if let Some(i) = bad {
                return Err(TableError::Read {
                    path: origin.to_owned(),
                    message: format!(
                        "the header row (line {number}) is not UTF-8 text at column {}; save the file as CSV UTF-8",
                        i + 1
                    ),
                });
            }
            table.headers = cells;
            continue;
        }
        if let Some(i) = bad {
            table.bad_rows.push(CellError {
                row: number,
                column: Some(table.column_name(i)),
                message: "is not UTF-8 text (save the file as CSV UTF-8); the row is skipped"
                    .to_owned(),
            });
            continue;
        }
        if cells.iter().all(String::is_empty) {
            continue;
        }
        table.rows.push(Row { number, cells });
    }
    if !header_seen {
        return Err(TableError::Empty {
            path: origin.to_owned(),
        });
    }
    Ok(table)
}

/// `A`, `B`, ... `Z`, `AA`, ... for a zero-based column index.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Table, TableError> {
    use calamine::{Data, Reader as _};
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| read_error(path, &e))?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(s)))
            .cloned()
            .ok_or_else(|| TableError::NoSuchSheet {
                path: path.display().to_string(),
                sheet: s.to_owned(),
                sheets: names.clone(),
            })?,
        None if names.len() == 1 => names[0].clone(),
        None if names.is_empty() => {
            return Err(TableError::Empty {
                path: path.display().to_string(),
            });
        }
        None => {
            return Err(TableError::ChooseSheet {
                path: path.display().to_string(),
                sheets: names,
            });
        }
    };
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| read_error(path, &e))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut table = Table {
        origin: format!("{} (sheet {name})", file_name(path)),
        ..Table::default()
    };
    let mut header_seen = false;
    for (i, row) in range.rows().enumerate() {
        let number = row0 as usize + i + 1;
        let mut cells = Vec::with_capacity(row.len());
        let mut bad = None;
        for (j, cell) in row.iter().enumerate() {
            let text = match cell {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                    s.trim().to_owned()
                }
                Data::Int(n) => n.to_string(),
                // Whole numbers as integers: a level typed as 2 is stored as 2.0.
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                    format!("{}", *f as i64)
                }
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(d) => excel_date(d.as_f64()),
                Data::Error(e) => {
                    bad.get_or_insert((j, e.to_string()));
                    String::new()
                }
            };
            cells.push(text);
        }
        if !header_seen {
            if cells.iter().all(String::is_empty) {
                continue;
            }
            header_seen = true;
            table.letters = (0..cells.len())
                .map(|j| column_letter(col0 as usize + j))
                .collect();
            table.headers = cells;
            continue;
        }
        if let Some((j, e)) = bad {
            table.bad_rows.push(CellError {
                row: number,
                column: Some(table.column_name(j)),
                message: format!("holds the spreadsheet error {e}; the row is skipped"),
            });
            continue;
        }
        if cells.iter().all(String::is_empty) {
            continue;
        }
        table.rows.push(Row { number, cells });
    }
    if !header_seen {
        return Err(TableError::Empty {
            path: table.origin.clone(),
        });
    }
    Ok(table)
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD` (with `HH:MM` when it has a
/// time of day).
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return serial.to_string();
    }
    let days = serial.floor() as i64 - 25_569; // days since 1970-01-01
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let minutes = ((serial.fract()) * 1440.0).round() as i64;
    if minutes == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}",
            minutes / 60,
            minutes % 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_crlf_quotes_and_empty_cells() {
        let src = "\u{feff}Name,IP,Notes\r\nPLC 1,10.0.0.1,\"a, b\"\r\n\r\nHMI,,\"two\r\nlines\"\r\nX,1.1.1.1,c\r\n";
        let t = read_csv(src.as_bytes(), "inv.csv").unwrap();
        assert_eq!(t.headers, ["Name", "IP", "Notes"]);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].cells, ["PLC 1", "10.0.0.1", "a, b"]);
        assert_eq!(t.rows[1].cells[1], "");
        assert_eq!(t.rows[1].number, 4);
        // The quoted line break makes the next row start on line 6.
        assert_eq!(t.rows[2].number, 6);
    }

    #[test]
    fn semicolons_and_bad_utf8_rows() {
        let mut src = b"name;kind\nA;plc\nB;".to_vec();
        src.extend_from_slice(&[0xff, 0xfe]);
        src.extend_from_slice(b"\nC;hmi\n");
        let t = read_csv(&src, "inv.csv").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.bad_rows.len(), 1);
        let e = t.bad_rows[0].to_string();
        assert!(e.starts_with("row 3, column `kind` (column 2)"), "{e}");
    }

    #[test]
    fn empty_file_is_an_error() {
        assert!(matches!(
            read_csv(b"\n\n", "x.csv"),
            Err(TableError::Empty { .. })
        ));
    }

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(45_000.0), "2023-03-15");
        assert_eq!(excel_date(45_000.5), "2023-03-15 12:00");
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
