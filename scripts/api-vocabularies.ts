// Prints the "Vocabularies" tables of docs/api.md from the domain's labels.
import { vocabulariesMarkdown } from '../src/domain/apiVocabularies.js'

process.stdout.write(vocabulariesMarkdown())
