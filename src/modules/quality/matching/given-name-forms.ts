/**
 * One given name in other languages: the same name as another country writes it (John, Jean,
 * Johann, Ian, Evan, Seán). Unlike a diminutive it is a name of its own, so two people of one
 * family may carry two forms (a Jean and a John); matching counts a shared form as a "close"
 * first name, which is evidence for one person and no household conflict, weaker than the
 * same name or its nickname. Each line: the English form first, then the others (Latin letters;
 * Cyrillic and Chinese reach these through their transliteration). Our own starting list of
 * common European names, written for this matcher; forms that are also a name of the other sex
 * in English (Andrea, Nicola) are left out.
 */
export const givenNameFormLines: readonly string[] = [
  // Male
  'John: Jean, Johann, Johannes, Hans, Jan, Jens, Juan, Giovanni, Joao, Ian, Iain, Evan, Ieuan, Ioan, Sean, Shane, Eoin, Ivan',
  'James: Jacob, Jakob, Jacques, Jacopo, Giacomo, Jaime, Iago, Seamus, Hamish, Jakub, Yakov, Yakub',
  'Charles: Karl, Carl, Carlo, Carlos, Karol, Carel',
  'Henry: Henri, Heinrich, Hendrik, Enrico, Enrique, Harri',
  'Harold: Harald',
  'William: Wilhelm, Willem, Guillaume, Guglielmo, Guillermo, Gwilym, Gulielmus',
  'Edward: Edouard, Eduard, Eduardo, Edoardo, Iorwerth',
  'George: Georg, Georges, Giorgio, Jorge, Jerzy, Jiri',
  'Hugh: Hugo, Hugues, Huw, Ugo',
  'Peter: Pierre, Pietro, Pedro, Piotr, Pieter, Peadar',
  'Paul: Paolo, Pablo, Pawel',
  'Michael: Michel, Michele, Miguel, Michal, Micheal',
  'Thomas: Tomas, Tommaso, Tomasz, Tomos',
  'Joseph: Josef, Giuseppe, Jose, Jozef, Iosif',
  'Francis: Francois, Francesco, Francisco, Franz, Franciszek, Franciscus',
  'Stephen: Stefan, Stephane, Etienne, Stefano, Esteban, Steffan',
  'Andrew: Andreas, Andre, Andres, Andrzej',
  'Nicholas: Nicolas, Niccolo, Nikolaus, Klaus, Mikolaj',
  'Louis: Ludwig, Luigi, Luis, Ludovic, Ludovico',
  'Alexander: Alessandro, Alejandro, Alexandre, Aleksander',
  'Richard: Ricardo, Riccardo',
  'Robert: Roberto, Rupert, Ruprecht',
  'Frederick: Friedrich, Federico, Frederic, Fryderyk',
  'Matthew: Matthias, Mathieu, Matteo, Mateo, Mateusz',
  'Philip: Philippe, Filippo, Felipe, Filip',
  'Anthony: Antoine, Antonio, Anton, Antoni',
  'Edmund: Edmond, Edmondo',
  'Arthur: Artur, Arturo',
  'Albert: Alberto, Albrecht',
  'Gerard: Gerhard, Gerardo, Gerrit',
  'Patrick: Padraig, Patrizio, Patricio',
  'David: Dafydd, Dewi, Davide',
  'Martin: Martino, Marcin',
  'Lawrence: Laurence, Laurent, Lorenzo',
  'Vincent: Vincenzo, Vicente',
  'Julius: Jules, Giulio, Julio',
  'Ralph: Raoul, Raul',
  'Christopher: Christoph, Cristoforo, Cristobal, Krzysztof',
  // Female
  'Elizabeth: Elisabeth, Elisabetta, Isabel, Isabella, Isabelle, Elspeth',
  'Anne: Hannah, Anna, Ana',
  'Mary: Marie, Maria, Mair, Maire, Miriam',
  'Margaret: Marguerite, Margarete, Margherita, Margarita, Mairead, Marged',
  'Catherine: Katharina, Caterina, Catalina, Catrin, Caitlin, Katarzyna, Ekaterina',
  'Joan: Jeanne, Johanna, Giovanna, Juana, Siobhan, Sian',
  'Helen: Helene, Helena, Elena',
  'Eleanor: Eleonora, Leonor',
  'Agnes: Agnese, Ines, Inez, Nesta',
  'Dorothy: Dorothea',
  'Sophia: Sophie, Sofia, Zofia',
  'Louisa: Luisa, Louise',
  'Frances: Francoise, Francesca, Francisca, Franziska',
];
