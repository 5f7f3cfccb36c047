"""A SIG from proposal to directory: a member drafts a proposal naming a
co-leader, who confirms; the member submits; a reviewer requests changes;
the member resubmits and the reviewer sees what changed; two reviewers vote;
a moderator approves; the SIG is in the directory in English and, once a
translator has translated its summary in the translator workspace, in Spanish."""

import re

from django.contrib.auth.models import Group, Permission

import pytest
from playwright.sync_api import Page, expect

from accounts import roles
from accounts.roles import translator_group_name
from sigs.models import Proposal, ProposalState, Sig
from tests.browser.helpers import label, sign_in
from tests.browser.test_translation_journey import workspace_cell
from tests.factories.accounts import (
    PASSWORD,
    MemberFactory,
    ModeratorFactory,
    ReviewerFactory,
    TranslatorFactory,
    give_totp,
)

pytestmark = pytest.mark.browser

SUMMARY = (
    "Appliance images for storage servers.",
    "Imágenes de appliance para servidores de almacenamiento.",
)
SHARPER = "Ceph and NFS appliance images, tested on every release."


def member_signs_in(page: Page, user, next_path: str) -> None:
    page.goto(next_path)
    page.get_by_label(label("Email")).fill(user.email)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(next_path)}$"))


def staff(new_context, user, next_path: str) -> Page:
    page = new_context().new_page()
    sign_in(page, user, give_totp(user), next_path=next_path)
    return page


@pytest.fixture
def people(home_page):
    """The roles come from data migrations, which transactional tests flush."""
    for name in (roles.SIG_REVIEWERS, roles.MODERATORS):
        Group.objects.get_or_create(name=name)
    translators, _ = Group.objects.get_or_create(name=translator_group_name("es"))
    translators.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return {
        "proposer": MemberFactory(email="ana@example.org", first_name="Ana"),
        "co": MemberFactory(email="bo@example.org", first_name="Bo"),
        "reviewer": ReviewerFactory(first_name="Rita"),
        "second": ReviewerFactory(first_name="Sam"),
        "moderator": ModeratorFactory(),
        "translator": TranslatorFactory(),
    }


def test_a_proposal_becomes_a_translated_sig(new_context, people):
    # The member drafts the proposal, naming a co-leader.
    ana = new_context().new_page()
    member_signs_in(ana, people["proposer"], "/en/sigs/proposals/new/")
    ana.get_by_label(label("Name")).fill("Storage")
    ana.get_by_role("button", name="Save draft").click()
    expect(ana.get_by_role("status")).to_contain_text("Draft saved.")
    proposal = Proposal.objects.get()
    ana.get_by_role("link", name="Edit the proposal").click()
    ana.get_by_label(label("Short summary")).fill(SUMMARY[0])
    ana.get_by_label(label("Mission and scope")).fill("Images for storage appliances.")
    ana.get_by_label(label("Category")).select_option(label="Storage appliance")
    ana.get_by_role("checkbox", name="Package repositories").check()
    ana.get_by_label(label("Communication channels")).fill("#sig-storage")
    ana.get_by_label(label("Co-leaders")).fill("bo@example.org")
    ana.get_by_role("checkbox", name=re.compile("will not change the distribution")).check()
    ana.get_by_role("button", name="Submit").click()
    expect(ana.get_by_text("These co-leaders have not confirmed yet")).to_be_visible()

    # The co-leader confirms.
    bo = new_context().new_page()
    member_signs_in(bo, people["co"], f"/en/sigs/proposals/{proposal.pk}/")
    bo.get_by_role("button", name="Confirm that I will co-lead it").click()
    expect(bo.get_by_role("status")).to_contain_text("You confirmed")

    # Now it can be submitted.
    ana.get_by_role("button", name="Submit").click()
    expect(ana.get_by_role("status")).to_contain_text("Your proposal is submitted.")
    expect(ana.get_by_role("heading", level=1)).to_contain_text("Submitted")

    # A reviewer starts the review and requests changes.
    rita = staff(new_context, people["reviewer"], "/en/sigs/review/")
    rita.get_by_role("link", name="Storage").click()
    rita.get_by_role("button", name="Start the review").click()
    rita.get_by_label("Comment").first.fill("Name the file systems.")
    rita.get_by_role("button", name="Request changes").click()
    expect(rita.get_by_role("heading", level=1)).to_contain_text("Changes requested")

    # The proposer resubmits; the reviewer sees the diff.
    ana.goto("/en/sigs/proposals/")
    expect(ana.get_by_text("Make the changes the reviewers asked for, then resubmit.")).to_be_visible()
    ana.goto(f"/en/sigs/proposals/{proposal.pk}/edit/")
    ana.get_by_label(label("Mission and scope")).fill(SHARPER)
    ana.get_by_role("button", name="Resubmit").click()
    expect(ana.get_by_role("heading", level=1)).to_contain_text("Resubmitted")

    rita.reload()
    diff = rita.get_by_role("region", name="What changed since the previous version")
    expect(diff).to_contain_text("-Images for storage appliances.")
    expect(diff).to_contain_text(f"+{SHARPER}")
    rita.get_by_role("button", name="Start the review").click()
    rita.get_by_role("radio", name="+1 (for)").check()
    rita.get_by_label(label("Rationale")).fill("Clear scope now.")
    rita.get_by_role("button", name="Save my review").click()
    expect(rita.get_by_role("status")).to_contain_text("Your review is saved.")

    sam = staff(new_context, people["second"], f"/en/sigs/proposals/{proposal.pk}/")
    sam.get_by_role("radio", name="+1 (for)").check()
    sam.get_by_label(label("Rationale")).fill("Useful for many.")
    sam.get_by_role("button", name="Save my review").click()
    expect(sam.get_by_role("status")).to_contain_text("Your review is saved.")

    # A moderator approves, with a reason.
    mod = staff(new_context, people["moderator"], f"/en/sigs/proposals/{proposal.pk}/")
    approve = mod.locator("form").filter(has=mod.get_by_role("button", name="Approve"))
    approve.get_by_label("Comment").fill("Two positive reviews; clear scope.")
    approve.get_by_role("button", name="Approve").click()
    expect(mod.get_by_role("heading", level=1)).to_contain_text("Approved")
    assert Proposal.objects.get().state == ProposalState.APPROVED

    # The SIG is in the directory, in English.
    reader = new_context().new_page()
    reader.goto("/en/sigs/")
    expect(reader.get_by_role("link", name="Storage")).to_be_visible()
    expect(reader.get_by_text(SUMMARY[0])).to_be_visible()

    # A translator translates its summary; Spanish readers see it.
    sig = Sig.objects.get()
    translator = staff(new_context, people["translator"], "/admin/translations/")
    expect(translator.get_by_role("rowheader", name="Storage")).to_be_visible()
    workspace_cell(translator, "Storage", "Español").get_by_role("link", name="Translate").click()
    translator.get_by_label("Short summary").fill(SUMMARY[1])
    translator.get_by_role("button", name="Save translation").click()
    expect(translator.get_by_text("Translation saved.")).to_be_visible()
    reader.goto("/es/sigs/")
    expect(reader.get_by_text(SUMMARY[1])).to_be_visible()
    reader.goto(f"/es/sigs/{sig.slug}/")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Storage")
    expect(reader.get_by_text(SUMMARY[1])).to_be_visible()
