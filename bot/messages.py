"""Everything the bot says, as gettext messages read through Babel from `locales/<lang>/LC_MESSAGES/sayit.mo`.

Placeholders are filled after translation (never an f-string inside a message), so a translator sees
"{done} of {total}" and can move the numbers where their language wants them.
"""

from __future__ import annotations

from functools import cache

from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from bot.settings import PROJECT_ROOT

LOCALE_DIR = PROJECT_ROOT / "locales"
DOMAIN = "sayit"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms for extraction; each language's catalog has as many forms as it needs
    (Welsh and Arabic six, Polish, Romanian and Ukrainian three)."""
    return singular, plural


@cache
def catalog(lang: str) -> NullTranslations:
    return Translations.load(str(LOCALE_DIR), [lang], DOMAIN)


class Speaker:
    """The bot's words in one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self._t = catalog(lang)

    def say(self, message: str, **values: object) -> str:
        return self._t.gettext(message).format(**values)

    def translates(self, message: str) -> bool:
        """Whether this language's catalog has the message (English always does): where it has not, `say`
        falls back to the English, which must never be spoken in a Polish voice."""
        return self.lang == SOURCE_LANGUAGE or message in getattr(self._t, "_catalog", {})

    def say_n(self, forms: tuple[str, str], n: int, **values: object) -> str:
        """The right plural form for `n` in this language, with `n` written as this language writes numbers."""
        number = format_decimal(n, locale=self.lang, numbering_system="default")
        return self._t.ngettext(forms[0], forms[1], n).format(n=number, **values)


WELCOME = N_(
    "Hello! I'm SayIt. I'm going to ask you some questions about how things are going, so that the people "
    "who plan support can hear from you. There are no right or wrong answers. You can skip any question, "
    "say help, go back, pause, or stop at any time."
)
ASK_LANGUAGE = N_("Which language would you like to use? Tap one, or type its number.")
LANGUAGE_UNCLEAR = N_("Sorry, I didn't catch that. Please choose a language from the list, or type its number.")
LANGUAGE_CHANGED = N_("We'll carry on in this language. Here is the question again.")
AUDIO_NOT_TRANSLATED = N_("This question has not been translated yet, so it is shown in English, with no audio.")
AUDIO_NO_VOICE = N_("There is no spoken version in this language yet, so this is text only.")
LISTEN_LABEL = N_("Listen")
AUDIO_UNAVAILABLE = N_("Sorry, the audio is not available just now. Please read the words, or try again later.")
TEXT_ONLY = N_("Sorry, I can only read words for now, not voice messages, pictures or stickers. Please type your "
               "answer.")
PRIVATE_ONLY = N_("I only talk in a private chat, so that what you tell me stays between us. Please send me a "
                  "message directly.")
PAGE_LABELS = {  # the web chat page's own words, in the language the person chose
    "answer": N_("Your answer"),
    "send": N_("Send"),
    "placeholder": N_("Type here, or tap a button"),
    "listen": LISTEN_LABEL,
    "dropped": N_("Sorry, the connection dropped. Please try again in a moment."),
}
ASK_ROLE = N_("Who is answering today?")
ROLE_LABELS = {
    "young_person": N_("Me, a young person"),
    "parent_carer": N_("A parent or carer"),
    "advocate": N_("An advocate helping a young person"),
}
ROLE_UNCLEAR = N_("Sorry, I didn't catch that. Please choose one of these, or type its number.")
ROLE_HELP = N_("Choose \"me\" if the questions are about your own life, \"a parent or carer\" if you look after "
               "a child or young person, or \"an advocate\" if you are helping a young person to answer.")
ASK_AGE = {
    "young_person": N_("How old are you? Type your age in years, for example 15."),
    "advocate": N_("How old is the young person you are helping? Type their age in years, for example 15."),
}
AGE_UNCLEAR = N_("Sorry, I didn't catch that. Please type an age in years, like 15, or say rather not say.")
RATHER_NOT_SAY_LABEL = N_("Rather not say")
ROLE_THANKS = {
    "young_person": N_("Thank you. These questions are about you."),
    "parent_carer": N_("Thank you. These questions are about your child and your family."),
    "advocate": N_("Thank you. Please help the young person to answer in their own way. "
                   "The questions are about them."),
}
QUESTION_POSITION = N_("Question {n} of {total}.")
SCALE_HINT = N_("Reply with a number from 1 to 5, a word or a face.")
FREE_TEXT_HINT = N_("Type your answer in your own words, or say skip.")
UNCLEAR_FIRST = N_("Sorry, I didn't understand that. Here it is in a different way.")
UNCLEAR_FACES = N_("Let's try the faces. Pick the face that fits best.")
UNCLEAR_OFFER_SKIP = N_("That's OK. You can pick a face, or say skip to move on.")
HELP_INTRO = N_("Here is some help with this question.")
REPEAT_INTRO = N_("Here is the question again.")
BACK_INTRO = N_("Let's change your last answer. Before, you said: {previous}")
BACK_NOTHING = N_("This is the first question, so there is nothing to go back to.")
GREET_AGAIN = N_("Hello again! Let's carry on.")
STALE_BUTTON = N_("That button was for an earlier question. Here is the question we're on now.")
ALREADY_HAVE = N_("I already have that answer, thank you.")
PAUSED = N_("OK, we'll stop here for now. Your answers are saved. Send any message when you want to carry on.")
RESUMED = N_("Welcome back! Your answers were saved. Let's carry on from where you stopped.")
STOPPED = N_("OK, we've stopped. Thank you for your answers; we have kept what you told us. If you would "
             "like us to remove your answers, just ask the person who sent you this survey.")
FINISHED = N_("That's the end of the survey. Thank you for telling us what you think!")
SUMMARY_COUNT = NP_("You answered {n} question.", "You answered {n} questions.")
SUMMARY_GOOD = N_("Going well: {items}.")
SUMMARY_HARD = N_("Could be better: {items}.")
SUMMARY_WORDS = NP_("You also told us {n} thing in your own words.", "You also told us {n} things in your own words.")
SAFEGUARDING = N_(
    "Thank you for telling me. What you said sounds important. You can talk to a trusted adult, or call "
    "Childline on 0800 1111. It's free, any time, day or night. A person whose job is to keep young people "
    "safe will read what you said. Would you like to carry on with the questions?"
)
CHECK_IN_AGAIN = N_("Would you like to carry on? You can say yes, take a break, or stop.")
CHECK_IN_BREAK = N_("That's OK. We'll stop here for now, and your answers are saved. Send a message any time "
                    "if you want to carry on. You can call Childline on 0800 1111 whenever you need to.")
CARRY_ON_LABEL = N_("Yes, carry on")
BREAK_LABEL = N_("Take a break")
STOP_LABEL = N_("Stop")
SKIP_LABEL = N_("Skip")
DONT_KNOW_LABEL = N_("Don't know")
HELP_LABEL = N_("Help")
