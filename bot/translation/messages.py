"""Everything the bot says, as gettext messages; `bot.translation.speaker` says them, through Babel, from
`locales/<lang>/LC_MESSAGES/sayit.mo`.

Placeholders are filled after translation (never an f-string inside a message), so a translator sees
"{done} of {total}" and can move the numbers where their language wants them.

Who reads a message decides its register, so messages are marked by who they are said to:
- `N_`: said the same to anyone (a button label, a notice), or only to an adult (a parent or carer, an advocate)
  or before we know who is answering: the polite form of "you" where a language has one.
- `NA_` / `NPA_`: said to whoever is answering, so translated twice: the polite form (no context) for an adult or
  someone not yet known, and the informal one (context "young person") for a young person.
- `NY_`: said only to a young person: the informal form (context "young person").
Survey wordings follow the same rule: a young person's question's wordings carry the context "young person".
A young person's form never assumes they are a boy or a girl.

Where a message would tell someone to tap or to pick a face, it comes `ByMedium`: one wording for a screen with
buttons (web chat, Telegram) and one for plain text (SMS), where there is nothing to tap and no faces are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.vocabulary import Role

YOUNG_PERSON = "young person"  # the gettext context of a wording said to a young person

ADDRESSED: set[str] = set()  # said to whoever is answering: a polite and a young person's form
YOUNG_ONLY: set[str] = set()  # said only to a young person
PLAIN_TEXT: set[str] = set()  # the plain-text wording of a message that comes ByMedium
ON_SCREEN: set[str] = set()  # shown only where there are buttons: never sent by SMS


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def NA_(message: str) -> str:
    """Mark a message said to whoever is answering: a polite form and a young person's form."""
    ADDRESSED.add(message)
    return message


def NY_(message: str) -> str:
    """Mark a message said only to a young person."""
    YOUNG_ONLY.add(message)
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms for extraction; each language's catalog has as many forms as it needs
    (Welsh and Arabic six, Polish, Romanian and Ukrainian three)."""
    return singular, plural


def NPA_(singular: str, plural: str) -> tuple[str, str]:
    """A message with plural forms said to whoever is answering (see `NA_`)."""
    ADDRESSED.add(singular)
    return singular, plural


@dataclass(frozen=True)
class ByMedium:
    """One message worded for a screen with buttons and for plain text (SMS)."""

    buttons: str
    text: str

    def __post_init__(self) -> None:
        PLAIN_TEXT.add(self.text)
        ON_SCREEN.add(self.buttons)


WELCOME = N_(
    "Hello! I'm SayIt. I'm going to ask you some questions about how things are going, so that the people "
    "who plan support can hear from you. There are no right or wrong answers. You can skip any question, "
    "say help, go back, pause, or stop at any time."
)
ASK_LANGUAGE = ByMedium(NA_("Which language would you like to use? Tap one, or type its number."),
                        NA_("Which language would you like to use? Reply with its number."))
LANGUAGE_UNCLEAR = NA_("Sorry, I didn't catch that. Please choose a language from the list, or type its number.")
LANGUAGE_CHANGED = NA_("We'll carry on in this language. Here is the question again.")
AUDIO_NOT_TRANSLATED = N_("This question has not been translated yet, so it is shown in English, with no audio.")
AUDIO_NO_VOICE = N_("There is no spoken version in this language yet, so this is text only.")
LISTEN_LABEL = N_("Listen")
AUDIO_UNAVAILABLE = N_("Sorry, the audio is not available just now. Please read the words, or try again later.")
TEXT_ONLY = N_("Sorry, I can only read words for now, not voice messages, pictures or stickers. Please type your "
               "answer.")
WORDS_OR_VOICE_ONLY = N_("Sorry, I can only read words and listen to voice messages, not pictures or stickers. "
                         "Please type or say your answer.")
PRIVATE_ONLY = N_("I only talk in a private chat, so that what you tell me stays between us. Please send me a "
                  "message directly.")
PAGE_LABELS = {  # the web chat page's own words, in the language the person chose
    "answer": N_("Your answer"),
    "send": N_("Send"),
    "placeholder": N_("Type here, or tap a button"),
    "listen": LISTEN_LABEL,
    "dropped": N_("Sorry, the connection dropped. Please try again in a moment."),
    "end": N_("End my session"),
    "ended": N_("Your session has ended on this device. The next person will start a new survey."),
    "expired": N_("This session timed out, so a new one has started. Any answers you sent are saved."),
    "title": N_("SayIt survey"),
    "stop_audio": N_("Stop the sound"),
    "audio_unavailable": AUDIO_UNAVAILABLE,
    "you": N_("You"),
    "more": N_("More choices"),
    "history": N_("Earlier in this conversation"),
    "settings": N_("Settings"),
    "read_to_me": N_("Read to me"),
    "slower": N_("Slower speech"),
    "easy_read": N_("Easy read"),
    "contrast": N_("High contrast"),
    "switch": N_("Switch access"),
    "switch_off": N_("Off"),
    "switch_one": N_("One switch: the highlight moves by itself"),
    "switch_two": N_("Two switches: Space moves, Enter chooses"),
    "scan_speed": N_("Seconds on each button"),
    "credit": N_("Symbols: OpenMoji, the open-source emoji and icon project (openmoji.org), licence CC BY-SA 4.0."),
}
# The privacy notice, in short lines, before the first question (bot/dialogue/privacy_notice.py); said before we
# know who is answering, so in the polite form, and in words a young person can follow.
PRIVACY_NOTICE_LINES = (
    N_("Before we start, here is what happens to your answers."),
    N_("We ask how things are going, so that the council can plan better support."),
    N_("Your name is not kept with your answers. Only the people who plan support read them."),
    N_("You can skip any question, stop at any time, or ask us to delete your answers."),
    N_("If you tell us that you or someone else may not be safe, a person whose job is to keep people safe "
       "will read it."),
)
PRIVACY_CONTACT = N_("Questions about your answers, or to ask us to delete them: {contact}")
PRIVACY_ASK_SENDER = N_("Questions about your answers, or to ask us to delete them: ask the person who sent you "
                        "this survey.")
ASK_ROLE = N_("Who is answering today?")
ROLE_LABELS: dict[str, str] = {
    Role.YOUNG_PERSON: N_("Me, a young person"),
    Role.PARENT_CARER: N_("A parent or carer"),
    Role.ADVOCATE: N_("An advocate helping a young person"),
}
ROLE_UNCLEAR = N_("Sorry, I didn't catch that. Please choose one of these, or type its number.")
ROLE_HELP = N_("Choose \"me\" if the questions are about your own life, \"a parent or carer\" if you look after "
               "a child or young person, or \"an advocate\" if you are helping a young person to answer.")
ASK_AGE: dict[str, str] = {
    Role.YOUNG_PERSON: NY_("How old are you? Type your age in years, for example 15."),
    # TRANSLATORS: said to the adult advocate (polite form).
    Role.ADVOCATE: N_("How old is the young person you are helping? Type their age in years, for example 15."),
}
AGE_UNCLEAR: dict[str, str] = {
    Role.YOUNG_PERSON: NY_("Sorry, I didn't catch that. Please type an age in years, like 15, or say rather not say."),
    # TRANSLATORS: said to the adult advocate (polite form).
    Role.ADVOCATE: N_("Sorry, I didn't catch that. Please type their age in years, like 15, or say rather not say."),
}
RATHER_NOT_SAY_LABEL = N_("Rather not say")
ROLE_THANKS: dict[str, str] = {
    Role.YOUNG_PERSON: NY_("Thank you. These questions are about you."),
    # TRANSLATORS: said to a parent or carer (polite form).
    Role.PARENT_CARER: N_("Thank you. These questions are about your child and your family."),
    # TRANSLATORS: said to the adult advocate (polite form).
    Role.ADVOCATE: N_("Thank you. Please help the young person to answer in their own way. "
                   "The questions are about them."),
}
QUESTION_POSITION = N_("Question {n} of {total}.")
SCALE_HINT = ByMedium(NA_("Reply with a number from 1 to 5, a word or a face."),
                      NA_("Reply with a number from 1 to 5, or in your own words."))
FREE_TEXT_HINT = NA_("Type your answer in your own words, or say skip.")
UNCLEAR_FIRST = NA_("Sorry, I didn't understand that. Here it is in a different way.")
UNCLEAR_FACES = ByMedium(NA_("Let's try the faces. Pick the face that fits best."),
                         NA_("Let's try it another way. Reply with the number that fits best, from 1 to 5."))
UNCLEAR_OFFER_SKIP = ByMedium(NA_("That's OK. You can pick a face, or say skip to move on."),
                              NA_("That's OK. You can reply with a number, or say skip to move on."))
HELP_INTRO = NA_("Here is some help with this question.")
REPEAT_INTRO = NA_("Here is the question again.")
BACK_INTRO = NA_("Let's change your last answer. Before, you said: {previous}")
BACK_NOTHING = NA_("This is the first question, so there is nothing to go back to.")
GREET_AGAIN = NA_("Hello again! Let's carry on.")
STALE_BUTTON = NA_("That button was for an earlier question. Here is the question we're on now.")
STALE_TYPED = NA_("That answer was for an earlier question, so I have not saved it. Here is the question we are "
                  "on now.")
TURN_FAILED = NA_("Sorry, that did not go through. Please send it again.")
TOO_LONG = NA_("Sorry, that is too long for me to read. Please send a shorter answer, up to {limit} characters.")
RATE_LIMITED = NA_("You are sending messages very fast. Please wait a minute, then send your answer again.")
ALREADY_HAVE = NA_("I already have that answer, thank you.")
PAUSED = NA_("OK, we'll stop here for now. Your answers are saved. Send any message when you want to carry on.")
RESUMED = NA_("Welcome back! Your answers were saved. Let's carry on from where you stopped.")
STOPPED = NA_("OK, we've stopped. Thank you for your answers; we have kept what you told us. If you would "
              "like us to remove your answers, just ask the person who sent you this survey.")
FINISHED = NA_("That's the end of the survey. Thank you for telling us what you think!")
SUMMARY_COUNT = NPA_("You answered {n} question.", "You answered {n} questions.")
SUMMARY_GOOD = NA_("Going well: {items}.")
# TRANSLATORS: what goes between the items of "Going well: {items}." (Arabic and Urdu write "؛ ").
SUMMARY_SEPARATOR = N_("; ")
SUMMARY_HARD = NA_("Could be better: {items}.")
SUMMARY_WORDS = NPA_("You also told us {n} thing in your own words.",
                     "You also told us {n} things in your own words.")
SAFEGUARDING = NA_(
    "Thank you for telling me. What you said sounds important. You can talk to a trusted adult, or call "
    "Childline on 0800 1111. It's free, any time, day or night. A person whose job is to keep young people "
    "safe will read what you said. Would you like to carry on with the questions?"
)
CHECK_IN_AGAIN = NA_("Would you like to carry on? You can say yes, take a break, or stop.")
CHECK_IN_BREAK = NA_("That's OK. We'll stop here for now, and your answers are saved. Send a message any time "
                     "if you want to carry on. You can call Childline on 0800 1111 whenever you need to.")
# ---- typed replies the bot could only guess at (bot/dialogue/confirming.py): by any channel, SMS too ----
# TRANSLATORS: {choice} is what the bot guessed a typed reply meant, in the words of the answer's button ("Mostly",
# "Skip"). Yes and No follow as buttons, or by SMS the person replies yes or no.
DID_YOU_MEAN = NA_("Did you mean “{choice}”?")
# TRANSLATORS: Said after the person answered No to "Did you mean ...?"; the question follows.
GUESSED_WRONG = NA_("Sorry, I got that wrong. Please answer again.")
# ---- linking a parent's answers with their child's (bot/dialogue/family_link.py): asked once, before the first
# question, only where the council's invitation names the family ----
# TRANSLATORS: Asked of a young person whose parent or carer was invited too. Yes and No follow as buttons.
FAMILY_LINK_YOUNG = NY_("Your parent or carer may answer questions like these too. Can we look at your answers "
                        "next to theirs? They will not see your answers. You can say yes or no.")
# TRANSLATORS: Asked of a parent or carer whose child was invited too. Yes and No follow as buttons.
FAMILY_LINK_PARENT = N_("Your child may answer questions like these too. May we look at your answers next to "
                        "theirs, to see where you agree? Your child will not see your answers, and you will not see "
                        "theirs. Your answers count the same either way. Please say yes or no.")
FAMILY_YES_LABEL = N_("Yes, that's OK")
# ---- spoken answers (bot/dialogue/hearing.py, confirming.py): never by SMS, which has no voice ----
# TRANSLATORS: {heard} is the answer the bot took a spoken answer to be, in the words of the answer's button.
VOICE_CONFIRM = NA_("I heard “{heard}”. Is that right?")
VOICE_SAY_AGAIN = NA_("Sorry I got that wrong. Please say your answer again, or tap it.")
VOICE_NOT_HEARD = NA_("Sorry, I could not hear that clearly. Please try again, or tap or type your answer.")
VOICE_NOT_IN_LANGUAGE = NA_("I cannot understand spoken answers in this language yet. Please tap or type your "
                            "answer.")
VOICE_NOT_NOW = NA_("I can listen to a spoken answer when there is a question to answer. Please tap or type "
                    "for now.")
CONFIRM_YES_LABEL = N_("Yes, that's right")
CONFIRM_NO_LABEL = N_("No")
ON_SCREEN.update(PAGE_LABELS.values())
ON_SCREEN.update({STALE_BUTTON, PRIVATE_ONLY, VOICE_CONFIRM, VOICE_SAY_AGAIN, VOICE_NOT_HEARD,
                  VOICE_NOT_IN_LANGUAGE, VOICE_NOT_NOW})  # only a tapped button goes stale; Telegram has group chats
CARRY_ON_LABEL = N_("Yes, carry on")
BREAK_LABEL = N_("Take a break")
STOP_LABEL = N_("Stop")
SKIP_LABEL = N_("Skip")
DONT_KNOW_LABEL = N_("Don't know")
HELP_LABEL = N_("Help")
REPEAT_LABEL = N_("Say it again")
BACK_LABEL = N_("Go back")
PAUSE_LABEL = N_("Pause")
RESUME_LABEL = N_("Carry on")

# ---- Telegram's picture cards (/pictures): added by the picture-cards work; translations to come ----------------
# TRANSLATORS: the reply to /pictures in Telegram; from now on each question also comes as a picture.
PICTURES_ON = NA_("OK, pictures on. Each question will come as a picture, with the faces and their words.")
# TRANSLATORS: the reply to "/pictures off" in Telegram; "/pictures" is a command and stays as it is.
PICTURES_OFF = NA_("OK, pictures off. Each question will come as words. Send /pictures to have pictures again.")
ON_SCREEN.update({PICTURES_ON, PICTURES_OFF})  # Telegram only: never sent by SMS

# ---- the web chat's microphone (issue 15): the record button's words, and a recording too long to take ----------
VOICE_LABELS = {
    # TRANSLATORS: the web chat's big button that starts recording a spoken answer.
    "record": N_("Record"),
    # TRANSLATORS: the same button while it records: pressed again, it stops and sends the recording.
    "stop_recording": N_("Stop and send"),
    "sending_voice": N_("Sending…"),
    # TRANSLATORS: said by a screen reader as recording starts; "Stop and send" is the button's label.
    "listening": N_("Listening. Press Stop and send when you have finished. It stops by itself after 30 seconds."),
    # TRANSLATORS: in the page's history, where a typed answer's words would be: "You: A spoken answer".
    "spoken": N_("A spoken answer"),
    "no_microphone": N_("The microphone is not working here, so please tap or type your answer instead."),
}
PAGE_LABELS.update(VOICE_LABELS)
VOICE_TOO_LONG = N_("Sorry, that recording is too long for me. Please say a shorter answer, or tap or type it.")
ON_SCREEN.update({*VOICE_LABELS.values(), VOICE_TOO_LONG})  # the web chat only
# ---- an advocate beside the young person (bot/dialogue/advocacy.py; the web chat's advocate view) -------------
STEP_BACK_LABEL = N_("Let me answer on my own")
ADVOCATE_BACK_LABEL = N_("I would like help again")
STEPPED_BACK = NA_("OK. Your advocate will step back now. The next answers are all yours.")
ADVOCATE_BACK = NA_("OK. Your advocate is here to help again.")
# TRANSLATORS: to the advocate: the page sent a kind of help the bot does not know, so nothing was kept.
ASSISTANCE_REFUSED = N_("That answer was not kept: the advocate's notes said how it was given in a way SayIt does "
                        "not know. Choose one of the three, then send the answer again.")
ADVOCATE_PAGE_LABELS = {  # the advocate's sign-in and panel, beside the young person's screen
    "adv_sign_in_title": N_("Sign in as an advocate"),
    "adv_username": N_("Your advocate name"),
    "adv_password": N_("Password"),
    "adv_sign_in": N_("Sign in"),
    "adv_refused": N_("That name and password do not match an account that can sign in now. Check them and try "
                      "again. After 5 wrong tries an account waits 15 minutes; your administrator can reset it."),
    "adv_reference": N_("The young person's reference"),
    "adv_reference_hint": N_("The reference the council uses for them. SayIt does not keep it: it keeps only a "
                             "code made from it."),
    "adv_start": N_("Start their survey"),
    "adv_reference_bad": N_("Please type the reference as the council writes it: letters, digits, spaces and . / - "
                            "or _, up to 64 characters."),
    "adv_panel": N_("Advocate's notes"),
    "adv_how": N_("How was this answer given?"),
    "adv_chose_themselves": N_("They chose it themselves"),
    "adv_used_aid": N_("They pointed, or used their communication aid"),
    "adv_interpreted": N_("I interpreted their response"),
    "adv_observation": N_("What you noticed (optional, up to 500 characters)"),
    "adv_helping": N_("You are beside them: say how each answer is given."),
    "adv_stepped_back": N_("They asked you to step back: their next answers are kept as their own, unassisted."),
    "adv_sign_out": N_("Sign out"),
}
PAGE_LABELS.update(ADVOCATE_PAGE_LABELS)
ON_SCREEN.update({STEP_BACK_LABEL, ADVOCATE_BACK_LABEL, STEPPED_BACK, ADVOCATE_BACK, ASSISTANCE_REFUSED,
                  *ADVOCATE_PAGE_LABELS.values()})  # the advocate's view is the web chat's alone
