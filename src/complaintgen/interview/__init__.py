"""The questionnaire behind `new` and `edit`: question texts as data, one engine, drafts.

Entry points: `complaintgen.interview.questionnaire.new_case` and `edit_case`, and `SECTIONS`
(what `edit --section` accepts). Kept out of this file so that importing one module of the
package does not import them all.
"""
