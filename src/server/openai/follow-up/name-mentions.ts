import { sentences } from "./sentences.ts";

/** A capitalised name in a text, with the words of its sentence on either side, from which its kind is read. */
export interface NameMention {
  /** The name, its words joined by single spaces ("Treisnos Bemtond", "Bank of England"). */
  readonly name: string;
  /** Where the name starts in the text. */
  readonly start: number;
  /** Which sentence of the text holds it, counting from 0. */
  readonly sentence: number;
  /** The words of that sentence just before the name. */
  readonly before: string;
  /** The words of that sentence just after the name. */
  readonly after: string;
  /** The name opens its sentence, where any word is capitalised: one word there may be no name at all. */
  readonly opensSentence: boolean;
  /** The sentence is nothing but the name ("Seske."), as a short answer is. */
  readonly standsAlone: boolean;
  /** The text puts "the" before a name of several words ("the Bank of England"). */
  readonly article: boolean;
  /** The title written before the name ("Dr.", "Mrs"), if any. */
  readonly title: string | undefined;
  /** The name is one of a list ("Bill Gates and Paul Allen"): "they" may mean them all. */
  readonly listed: boolean;
}

/** How much of the sentence on either side of a name its cues are read from. */
const cueWindow = 80;

const word = String.raw`\p{Lu}[\p{L}\p{M}\p{N}-]*(?:['’](?!s\b)\p{L}+)*`;
const connector = "(?:of|de|van|von|der|den|du|da|di|la|le|&)";
const nameRun = new RegExp(String.raw`${word}(?:[ \t]+(?:${connector}[ \t]+)?${word})*`, "gu");
const runWord = new RegExp(word, "gu");
const title = /\b(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord)(\.?)\s+$/;
const listedBefore = /\p{Lu}[\p{L}'’-]*\s*(?:,|\band|\bor|&)\s+$/u;
const listedAfter = /^\s*(?:,|and\b|or\b|&)\s*\p{Lu}/u;

/** Capitalised words that open sentences, questions and greetings but never start a name. */
const notNames = new Set(
  [
    ...["I", "A", "An", "The", "This", "That", "These", "Those", "Some", "Any", "Every", "Each", "No", "Not", "All"],
    ...["Both", "Most", "Many", "Few", "Other", "Another", "Such", "He", "She", "It", "They", "We", "You", "Him"],
    ...["Her", "Them", "Us", "Me", "His", "Hers", "Its", "Their", "Theirs", "Our", "Your", "My", "Who", "Whom"],
    ...["Whose", "What", "When", "Where", "Which", "Why", "How", "Is", "Are", "Was", "Were", "Be", "Been", "Am"],
    ...["Do", "Does", "Did", "Can", "Could", "Will", "Would", "Shall", "Should", "May", "Might", "Must", "Has"],
    ...["Have", "Had", "And", "But", "Or", "Nor", "So", "Yet", "If", "Then", "Than", "Because", "Although"],
    ...["Though", "While", "Since", "As", "After", "Before", "During", "In", "On", "At", "For", "From", "To"],
    ...["With", "Without", "By", "Of", "About", "Into", "Over", "Under", "Near", "Between", "Through"],
    ...["According", "Yes", "Yeah", "Okay", "Ok", "Hello", "Hi", "Hey", "Thanks", "Thank", "Please", "Sorry"],
    ...["Well", "Also", "Today", "Yesterday", "Tomorrow", "Now", "Here", "There", "Last", "Next", "First", "Once"],
    ...["Still", "Only", "Even", "Just", "Perhaps", "Maybe", "Indeed", "However", "Nobody", "Everyone", "Everybody"],
    ...["Someone", "Somebody", "Anyone", "Nothing", "Everything", "Something", "Tell", "Give", "Show", "Explain"],
    ...["Describe", "List", "Name", "Say", "Let", "Find", "Check", "Compare", "Summarise", "Summarize", "Mr"],
    ...["Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lady", "Lord", "Monday", "Tuesday"],
    ...["Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "June"],
    ...["July", "August", "September", "October", "November", "December"],
  ].map((notName) => notName.toLowerCase()),
);

/** Every name in a text, in the order they appear: runs of capitalised words, less the words that open a sentence. */
export function nameMentions(text: string): NameMention[] {
  return sentences(text).flatMap((sentence, index) => {
    const firstLetter = sentence.text.search(/\p{L}/u);
    return [...sentence.text.matchAll(nameRun)].flatMap((run): NameMention[] => {
      const first = [...run[0].matchAll(runWord)].find((candidate) => !notNames.has(candidate[0].toLowerCase()));
      if (first === undefined) return [];
      const start = run.index + first.index;
      const end = run.index + run[0].length;
      const name = sentence.text.slice(start, end).replace(/\s+/g, " ");
      const before = sentence.text.slice(Math.max(0, start - cueWindow), start);
      const after = sentence.text.slice(end, end + cueWindow);
      const titled = title.exec(before);
      return [
        {
          name,
          start: sentence.start + start,
          sentence: index,
          before,
          after,
          opensSentence: start <= firstLetter,
          standsAlone: start <= firstLetter && !/[\p{L}\p{N}]/u.test(sentence.text.slice(end)),
          article: /\bthe\s+$/i.test(before) && name.includes(" "),
          title: titled === null ? undefined : `${titled[1]}${titled[2]}`,
          listed: listedBefore.test(before) || listedAfter.test(after),
        },
      ];
    });
  });
}
