from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form field as an NL Design System form field (label, description,
    error message, control), with aria-describedby and aria-invalid set by Django."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
