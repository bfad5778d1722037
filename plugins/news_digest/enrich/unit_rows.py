"""Rows scaled to unit length: ``sklearn.preprocessing.normalize`` (L2, rows) for sparse matrices.

The same numbers, bit for bit, without importing scikit-learn (whose
``__init__`` imports ``scipy.stats``: about a second of CPU in every build).
scikit-learn's kernel (``sparsefuncs_fast._inplace_csr_row_normalize_l2``)
squares each stored value in the matrix's own type, adds the squares in
order in a double, takes the square root, and divides each value by it in
double precision, rounding back to the matrix's type; rows whose sum is zero
are left as they are. Here the squares are added in order by SciPy's CSR
times vector product (a plain loop over each row's stored entries, in a
double), so the sums are the same numbers, not merely close ones (NumPy's
own sums add in pairs, which differs in the last bit on long rows).
``tests/test_unit_rows.py`` compares the two entry for entry.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse


def l2_normalize(x: sparse.spmatrix | sparse.sparray) -> sparse.spmatrix | sparse.sparray:
    """A copy of ``x`` in CSR (matrix or array, as given), rows of unit L2 norm.

    As scikit-learn's ``normalize(x)``: float32 stays float32, other types
    become float64; ``ValueError`` for a matrix without rows or columns, or
    with a value that is not finite.
    """
    if x.format != "csr":
        x = x.asformat("csr")
        out = x if x.dtype in _FLOATS else x.astype(np.float64)
    else:
        out = x.copy() if x.dtype in _FLOATS else x.astype(np.float64)
    if out.shape[0] == 0 or out.shape[1] == 0:
        raise ValueError(f"cannot normalise a matrix of shape {out.shape}")
    data = out.data
    if not np.isfinite(data).all():
        raise ValueError("cannot normalise a matrix with values that are not finite")
    squares = sparse.csr_matrix(
        ((data * data).astype(np.float64), np.zeros(len(data), dtype=out.indices.dtype), out.indptr),
        shape=(out.shape[0], 1),
    )
    norms = np.sqrt(squares @ np.ones(1, dtype=np.float64))
    per_entry = np.repeat(norms, np.diff(out.indptr))
    nonzero = per_entry != 0.0
    data[nonzero] = (data[nonzero].astype(np.float64) / per_entry[nonzero]).astype(data.dtype)
    return out


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
