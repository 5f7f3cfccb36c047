from django import forms
from django.utils.translation import gettext_lazy as _

from localization.fields import source_value, translated_fields, translated_value


class RecordTranslationForm(forms.Form):
    """One text box per translatable field of a record, in one language."""

    def __init__(self, *args, obj, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.language = language
        model = type(obj)
        for name in translated_fields(model):
            model_field = model._meta.get_field(name)
            english = source_value(obj, name)
            widget = (
                forms.Textarea(attrs={"rows": 4})
                if isinstance(model_field.formfield(), forms.CharField)
                and (model_field.get_internal_type() == "TextField")
                else forms.TextInput
            )
            self.fields[name] = forms.CharField(
                label=model_field.verbose_name.capitalize(),
                required=False,
                max_length=getattr(model_field, "max_length", None),
                initial=translated_value(obj, name, language),
                widget=widget,
                help_text=_("English: %(text)s") % {"text": english} if english else "",
            )
            self.fields[name].english = english
