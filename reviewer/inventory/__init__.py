"""The AI vendor inventory: what each contract says about the vendor, its AI, data and places."""
