"""What the engine learns from labelled contracts, and how honestly it is measured.

The relevance and status models, their training (stacked out of fold by
publisher), calibration, grouped cross-validation, the saved artifacts and
the model card. Fitting uses scikit-learn; a review needs NumPy only.
"""
