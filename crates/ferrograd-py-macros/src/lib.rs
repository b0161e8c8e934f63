//! `#[catch_panics]`: the last line of defence of the ferrograd Python bindings against panics.
//!
//! PyO3 turns a panic that escapes a binding into `pyo3_runtime.PanicException`, a
//! `BaseException` that `except Exception` does not catch. This attribute, put on a
//! `#[pyfunction]` or on a `#[pymethods]` block (above the PyO3 attribute, so it runs first),
//! runs each function body under `crate::errors::guard_result` / `guard_value`, which turn a
//! panic into a `RuntimeError` carrying the panic's message. A function returning a plain `T`
//! is rewritten to return `PyResult<T>` (PyO3 accepts both). Bodies are moved into a closure
//! unchanged, so `?` and `return` keep their meaning. `__traverse__` and `__clear__` (which
//! PyO3 requires to keep their exact signatures) are left alone.
//!
//! ```ignore
//! #[ferrograd_py_macros::catch_panics]
//! #[pyfunction]
//! fn f(n: usize) -> PyResult<usize> { Ok(vec![0; 1][n]) } // IndexError → RuntimeError, not a panic
//! ```

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, parse_quote, Block, Item, ReturnType, Signature, Type};

/// Wraps the body of a function, or of every method of an `impl` block, so that a panic becomes
/// a Python `RuntimeError` (see the crate docs).
#[proc_macro_attribute]
pub fn catch_panics(attr: TokenStream, item: TokenStream) -> TokenStream {
    if !attr.is_empty() {
        return syn::Error::new(
            proc_macro2::Span::call_site(),
            "catch_panics takes no arguments",
        )
        .to_compile_error()
        .into();
    }
    let mut item = parse_macro_input!(item as Item);
    match &mut item {
        Item::Fn(f) => wrap(&mut f.sig, &mut f.block),
        Item::Impl(imp) => {
            for it in &mut imp.items {
                if let syn::ImplItem::Fn(f) = it {
                    wrap(&mut f.sig, &mut f.block);
                }
            }
        }
        _ => {
            return syn::Error::new_spanned(&item, "catch_panics goes on a fn or an impl block")
                .to_compile_error()
                .into()
        }
    }
    quote!(#item).into()
}

fn wrap(sig: &mut Signature, block: &mut Block) {
    let name = sig.ident.to_string();
    if name == "__traverse__" || name == "__clear__" || matches!(sig.safety, syn::Safety::Unsafe(_))
    {
        return;
    }
    let body = &*block;
    let new: Block = match &sig.output {
        ReturnType::Type(_, ty) if is_py_result(ty) => parse_quote!({
            crate::errors::guard_result(move || #body)
        }),
        ReturnType::Type(_, ty) => {
            let ty = ty.clone();
            sig.output = parse_quote!(-> ::pyo3::PyResult<#ty>);
            parse_quote!({ crate::errors::guard_value(move || #body) })
        }
        ReturnType::Default => {
            sig.output = parse_quote!(-> ::pyo3::PyResult<()>);
            parse_quote!({ crate::errors::guard_value(move || #body) })
        }
    };
    *block = new;
}

/// `PyResult<T>` or `Result<T, PyErr>` (by the last path segment's name).
fn is_py_result(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    if last.ident == "PyResult" {
        return true;
    }
    if last.ident != "Result" {
        return false;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().nth(1).is_some_and(|e| {
            matches!(e, syn::GenericArgument::Type(Type::Path(p))
                if p.path.segments.last().is_some_and(|s| s.ident == "PyErr"))
        }),
        _ => false,
    }
}
