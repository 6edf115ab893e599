"""The class-session part of the student bundle's README (the install part is the build's, ``teaching_build``)."""
from __future__ import annotations

CLASS_SESSION = {
    "en": """
## In class

1. **Notebook 06, before opening `data/`.** Exercise 1 (reading) has a self-check. Exercise 2 (coding) has
   none: code the five passages alone, run the form check (it only says whether the form is complete and
   readable), then hand in with `my_coding = teaching.hand_in(coding, name="…")` — your name, or the pseudonym
   your teacher gave you. The file is `notebooks/codings/<name>-<random>.csv`: give it to your teacher. It is
   written once; only then does the comparison with the reference open. The data package holds the coded
   table (`data/events.csv`): looking at it before you hand in makes your coding a copy.
2. **Notebook 07**: counting events, not mentions; each exercise has its self-check.
3. **Notebook 08**: your teacher sets `CODINGS` to the folder of the class's files; the agreement tables are
   your class's. A file with a problem is left out and the problem is named (file, row, column).

A self-check answers "correct" or "not yet" with a hint; it never shows the answer before you have tried,
and never a traceback. If it says the cell above has not run or ended in an error, run that cell first.
""",
    "ar": """
## في الحصة

1. **الدفتر 06، قبل فتح `data/`.** للتمرين 1 (القراءة) تحقّق ذاتي. أما التمرين 2 (الترميز) فلا تحقّق فيه من
   الإجابات: رمّز المقاطع الخمسة وحدك، وشغّل التحقق من الاستمارة (وهو لا يقول إلا هل هي مكتملة ومقروءة)، ثم
   سلّم ترميزك بـ `my_coding = teaching.hand_in(coding, name="…")` — باسمك، أو بالاسم المستعار الذي أعطاك إياه
   المعلّم. يُكتب الملف `notebooks/codings/<name>-<random>.csv`: سلّمه إلى معلّمك. ويُكتب مرة واحدة، وبعدها
   فقط تنفتح المقارنة بالترميز المرجعي. وفي حزمة البيانات الجدول المرمَّز (`data/events.csv`): فالاطلاع عليه
   قبل التسليم يجعل ترميزك نسخة منه.
2. **الدفتر 07**: عدّ الأحداث لا الإشارات؛ ولكل تمرين تحقّقه الذاتي.
3. **الدفتر 08**: يجعل المعلّم `CODINGS` مجلد ملفات الصف، فتصير جداول الاتفاق جداول صفّكم. والملف الذي فيه
   مشكلة يُستبعد، وتُذكر المشكلة (الملف، والصف، والعمود).

يجيب التحقق الذاتي بـ«صحيح» أو «ليس بعد» مع تلميح؛ ولا يعرض الإجابة أبداً قبل أن تحاول، ولا أثر خطأ
(traceback). وإن قال إن الخلية التي فوقه لم تُشغَّل أو انتهت بخطأ، فشغّلها أولاً.
""",
}
