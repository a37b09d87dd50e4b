from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        CARE_PROVIDER = "care_provider", _("care provider")
        EDUCATION = "education", _("education")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Organisation managers see the insights of their organisation beside the community's.
    managers = models.ManyToManyField(
        "members.Member",
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_organisations",
        help_text=_("They see the insights and business case of this organisation."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet["Member"]):
    def listed(self) -> "MemberQuerySet":
        """Members who appear in the directory: active and past the welcome step."""
        return self.filter(is_active=True).exclude(name="")


class MemberManager(BaseUserManager["Member"]):
    use_in_migrations = True

    def get_queryset(self) -> MemberQuerySet:
        return MemberQuerySet(self.model, using=self._db)

    def listed(self) -> MemberQuerySet:
        return self.get_queryset().listed()

    def get_by_email(self, email: str) -> "Member | None":
        return self.filter(email=normalise_email(email)).first()

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "Member":
        member = self.model(email=normalise_email(email), **fields)
        if password:
            member.set_password(password)
        else:
            member.set_unusable_password()
        member.save(using=self._db)
        return member

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "Member":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def normalise_email(email: str) -> str:
    # Addresses are compared case-insensitively everywhere: one person, one account.
    return email.strip().lower()


class Member(AbstractBaseUser, PermissionsMixin):
    """A person in the community. There is no username: the e-mail address is the login,
    and a password is optional (most members never set one)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    bio = models.TextField(_("about me"), max_length=1000, blank=True)
    expertise = models.ManyToManyField(
        "themes.Theme", verbose_name=_("expertise"), blank=True, related_name="experts"
    )
    followed_themes = models.ManyToManyField(
        "themes.Theme", verbose_name=_("followed themes"), blank=True, related_name="followers"
    )
    ask_me_about = models.CharField(_("ask me about"), max_length=300, blank=True)
    in_people_finder = models.BooleanField(
        _("show me in 'who knows about this?'"),
        default=True,
        help_text=_(
            "Members looking for someone who knows a topic can find you by your expertise, "
            "your helpful answers and what you like to be asked about."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=language_choices, default="nl"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    # Whether they manage an organisation (Organisation.managers), kept by a signal
    # (plein.members.apps) so the menu can offer the insights without a query per page.
    is_organisation_manager = models.BooleanField(default=False, editable=False)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # createsuperuser asks only the e-mail address

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        permissions = [
            ("manage_community", _("Can manage the community (invite members, moderate)")),
        ]
        indexes = [models.Index(fields=["name", "id"], name="member_name_id")]

    def __str__(self) -> str:
        return self.name or self.email

    def get_absolute_url(self) -> str:
        return reverse("members:profile", kwargs={"pk": self.pk})

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else ""

    @property
    def is_community_manager(self) -> bool:
        # Community managers are always staff (they use the admin), so checking is_staff
        # first spares every other member's page the two permission queries.
        return self.is_staff and self.has_perm("members.manage_community")

    @property
    def needs_welcome(self) -> bool:
        return not self.name


class Invitation(models.Model):
    """A personal invite, mailed to one address by a community manager."""

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    invited_by = models.ForeignKey(
        Member, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email


class InviteLink(models.Model):
    """A shareable invite link (for a mailing list, a slide, a QR code at a gathering).
    The token is kept in the clear because managers copy the link again later; it only
    lets someone *ask* for a login mail, so it never logs anyone in by itself."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(_("label"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_by = models.ForeignKey(
        Member, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    max_uses = models.PositiveIntegerField(_("maximum number of uses"))
    uses = models.PositiveIntegerField(_("times used"), default=0)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invite link")
        verbose_name_plural = _("invite links")

    def __str__(self) -> str:
        return self.label or str(self.organisation or self.pk)

    def get_absolute_url(self) -> str:
        return reverse("members:join", kwargs={"token": self.token})

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.uses < self.max_uses
        )


class LoginRequest(models.Model):
    """One login mail: a one-click link and a 6-digit code, either usable once within
    PLEIN_LOGIN_TTL_SECONDS. Asking again keeps the earlier mails (an address has a few
    live at most, see request_login), so a stranger asking for someone's address voids
    nothing. Only hashes are stored, so a database dump cannot log anyone in."""

    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    code_salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    next_url = models.CharField(max_length=500, blank=True)
    invite_link = models.ForeignKey(InviteLink, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # The code is accepted only in the browser that asked for the mail (a hash of a random
    # value in its session), so strangers typing codes cannot spend the member's guesses.
    # Empty when asked without a browser session (the gathering door, commands): any
    # browser may type that code. The link works anywhere.
    browser_hash = models.CharField(max_length=64, blank=True)
    # Asked from a browser that came in as this address before (the device cookie):
    # strangers' requests never retire this mail to make room for theirs.
    from_known_device = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["email", "used_at"], name="loginrequest_open"),
            models.Index(fields=["expires_at"], name="loginrequest_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.created_at:%Y-%m-%d %H:%M}"


class EmailChange(models.Model):
    """A member's request to log in with another address. It takes effect only when the
    link mailed to the new address is used, and only while the member still has the
    address they asked from; only the token's hash is stored."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    old_email = models.EmailField()
    new_email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.created_at:%Y-%m-%d %H:%M}"
