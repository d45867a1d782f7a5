"""The demo installation. It drives every app (units, directives, activities, reports, summaries), so it
sits on the top floor: nothing in the product imports it."""
