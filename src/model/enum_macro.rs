//! `string_enum!`: the one declaration of an enum whose values are stored and sent as strings
//! (statuses, events, kinds, roles). It writes what every such enum had by hand — `ALL`, `as_str`,
//! `label`, `parse`, `Display`, `from_db` and `TryFrom<String>` — from one table of variant → (name, label).
//!
//! A macro of ours rather than `strum`: `ALL` is a const array usable in const contexts, `parse`
//! returns the exact field message each form shows (strum's `ParseError` carries no text), and
//! the browser build gets no proc-macro. Serde stays on the enum as written (`#[serde(..)]` goes
//! through unchanged), so the JSON of every enum is what it was; the tests of each enum check
//! that `as_str` and serde agree where they are meant to.
//!
//! ```ignore
//! string_enum! {
//!     #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
//!     #[serde(rename_all = "snake_case")]
//!     pub enum Fruit {
//!         Apple = ("apple", "Apple"),
//!         BloodOrange = ("blood_orange", "Blood orange"),
//!     }
//!     parse_error = "must be apple or blood_orange";
//! }
//! ```
//! `ALL` lists the variants in the order written (the order pickers show them).

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($text:literal, $label:literal) ),+ $(,)?
        }
        parse_error = $parse_error:literal;
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in the order the declaration lists them.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The name stored in the database and used in URLs and forms.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// What people read.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The value by its name (surrounding spaces ignored), else the form's field message.
            pub fn parse(s: &str) -> Result<$name, String> {
                let s = s.trim();
                $name::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| $parse_error.to_string())
            }

            /// A value read from the database: a name the code does not know is an internal error
            /// naming the row (`entity` and `id`), never a default.
            #[cfg(feature = "ssr")]
            pub fn from_db(s: &str, entity: &str, id: i64) -> Result<$name, crate::error::AppError> {
                $name::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| {
                    crate::error::AppError::internal(format!(
                        "{entity} {id}: unknown {} {s:?}",
                        stringify!($name)
                    ))
                })
            }
        }

        /// The stored name, exactly: what `#[sqlx(try_from = "String")]` on a row's column calls,
        /// so a row with a name the code does not know fails to read (naming the column and the
        /// name) instead of turning into some default.
        impl ::std::convert::TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<$name, String> {
                $name::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!("unknown {} {s:?}", stringify!($name)))
            }
        }

        /// Compares with a stored name: for tests that read rows back (`row.status == "sent"`);
        /// code compares with the variants.
        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    string_enum! {
        /// A test enum with a documented variant.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Fruit {
            Apple = ("apple", "Apple"),
            /// Documented.
            BloodOrange = ("blood_orange", "Blood orange"),
        }
        parse_error = "must be apple or blood_orange";
    }

    /// `ALL` is a const array: usable where only constants are.
    const FIRST: Fruit = Fruit::ALL[0];
    const COUNT: usize = Fruit::ALL.len();

    #[test]
    fn the_macro_writes_names_labels_parse_display_and_all() {
        assert_eq!((FIRST, COUNT), (Fruit::Apple, 2));
        assert_eq!(Fruit::ALL, [Fruit::Apple, Fruit::BloodOrange]);
        assert_eq!(Fruit::BloodOrange.as_str(), "blood_orange");
        assert_eq!(Fruit::BloodOrange.label(), "Blood orange");
        assert_eq!(Fruit::BloodOrange.to_string(), "blood_orange");
        assert!(Fruit::BloodOrange == "blood_orange" && Fruit::Apple != "blood_orange");
        assert_eq!(Fruit::parse(" blood_orange "), Ok(Fruit::BloodOrange));
        assert_eq!(Fruit::parse("pear"), Err("must be apple or blood_orange".to_string()));
        for f in Fruit::ALL {
            assert_eq!(Fruit::parse(f.as_str()), Ok(f));
            assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{}\"", f.as_str()), "serde is untouched");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn an_unknown_name_from_the_database_is_an_error_not_a_default() {
        assert_eq!(Fruit::from_db("apple", "fruit", 1).unwrap(), Fruit::Apple);
        let e = Fruit::from_db("pear", "fruit", 7).unwrap_err();
        assert!(matches!(e, crate::error::AppError::Internal { .. }), "{e:?}");
        assert!(Fruit::from_db(" apple", "fruit", 7).is_err(), "stored names are exact");
        assert_eq!(Fruit::try_from("pear".to_string()).unwrap_err(), "unknown Fruit \"pear\"");
        assert_eq!(Fruit::try_from("apple".to_string()), Ok(Fruit::Apple));
    }
}
