from django import forms

from notifications.models import Kind, kinds_for


class NotificationSettingsForm(forms.Form):
    """One tick box per kind of email this person can get; ticked means it is sent."""

    def __init__(self, *args, user, muted: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds_for(user):
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.value not in muted
            )

    def kinds_off(self) -> set[Kind]:
        return {Kind(name) for name, on in self.cleaned_data.items() if not on}
