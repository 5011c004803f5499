"""The language layer: segmentation (razdel), morphology (pymorphy3), the lexicon,
names, translit, keyboard layout, dates, the three-part analysis and the speller.
Parsed once per draft and shared by every rule; never imports a rule."""
